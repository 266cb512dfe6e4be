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
    public Task<List<T>> PaginateAsync<T>(
        AwsOperation operation, Func<JsonObject> body, Func<JsonView, IEnumerable<T>> items, CancellationToken cancellationToken, string tokenName = "nextToken") =>
        TokenPagination.CollectAsync(operation, tokenName, token =>
        {
            var request = body();
            if (token is not null) request[tokenName] = token;
            return CallAsync(operation, request, cancellationToken);
        }, items);
}
