using System.Text.Json.Nodes;
using KubePosture.Aws.Json;
using KubePosture.Aws.Signing;

namespace KubePosture.Aws.Http;

/// <summary>awsJson1_1: POST / with X-Amz-Target "&lt;prefix&gt;.&lt;Operation&gt;" and a JSON body.</summary>
internal sealed class AwsJsonChannel(AwsCaller caller, string targetPrefix)
{
    public async Task<JsonView> CallAsync(AwsOperation operation, JsonObject body, CancellationToken cancellationToken)
    {
        var spec = new AwsHttpRequestSpec { Method = "POST", Body = JsonBody.Serialize(body), ContentType = "application/x-amz-json-1.1" };
        spec.Headers["X-Amz-Target"] = $"{targetPrefix}.{operation.Name}";
        var response = await caller.SendAsync(operation, AwsProtocol.AwsJson, spec, cancellationToken);
        return JsonView.Parse(response.Body, operation);
    }

    /// <summary>Follows nextToken (or NextToken) until the last page, collecting each page's items.</summary>
    public async Task<List<T>> PaginateAsync<T>(
        AwsOperation operation, Func<JsonObject> body, Func<JsonView, IEnumerable<T>> items, CancellationToken cancellationToken, string tokenName = "nextToken")
    {
        var all = new List<T>();
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var request = body();
            if (token is not null) request[tokenName] = token;
            var page = await CallAsync(operation, request, cancellationToken);
            all.AddRange(items(page));
            token = page.String(tokenName);
            if (token is not null && !seen.Add(token))
                throw new Ports.AwsMalformedResponseException(operation.Service, operation.Name, tokenName, $"the same token \"{token}\" came back twice; pagination would not end");
        }
        while (!string.IsNullOrEmpty(token));
        return all;
    }
}
