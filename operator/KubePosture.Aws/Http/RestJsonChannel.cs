using System.Text.Json.Nodes;
using KubePosture.Aws.Json;
using KubePosture.Aws.Signing;

namespace KubePosture.Aws.Http;

/// <summary>restJson1: GET paths with {labels} (percent-encoded by the SDK's URL composer), query parameters, JSON answers; POST with a JSON body.</summary>
internal sealed class RestJsonChannel(AwsCaller caller)
{
    public async Task<JsonView> GetAsync(
        AwsOperation operation, string pathTemplate, IReadOnlyDictionary<string, string> labels, IEnumerable<KeyValuePair<string, string>>? query, CancellationToken cancellationToken)
    {
        var spec = Spec(operation, new AwsHttpRequestSpec { Method = "GET", ResourcePath = pathTemplate }, labels);
        if (query is not null) spec.Query.AddRange(query);
        return await SendAsync(operation, spec, cancellationToken);
    }

    /// <summary>A POST with a JSON body (GuardDuty ListFindings/GetFindings, Inspector2 BatchGetAccountStatus).</summary>
    public async Task<JsonView> PostAsync(
        AwsOperation operation, string pathTemplate, IReadOnlyDictionary<string, string> labels, JsonObject body, CancellationToken cancellationToken)
    {
        var spec = Spec(operation, new AwsHttpRequestSpec { Method = "POST", ResourcePath = pathTemplate, Body = JsonBody.Serialize(body), ContentType = "application/json" }, labels);
        return await SendAsync(operation, spec, cancellationToken);
    }

    /// <summary>A POST with a JSON body to a path without labels (Security Hub).</summary>
    public Task<JsonView> PostAsync(AwsOperation operation, string path, JsonObject body, CancellationToken cancellationToken) =>
        PostAsync(operation, path, new Dictionary<string, string>(), body, cancellationToken);

    /// <summary>GETs page after page, the token as the nextToken query parameter.</summary>
    public Task<List<T>> PaginateAsync<T>(
        AwsOperation operation, string pathTemplate, IReadOnlyDictionary<string, string> labels, IReadOnlyList<KeyValuePair<string, string>> query,
        Func<JsonView, IEnumerable<T>> items, CancellationToken cancellationToken) =>
        TokenPagination.CollectAsync(operation, "nextToken",
            token => GetAsync(operation, pathTemplate, labels, token is null ? query : [.. query, new("nextToken", token)], cancellationToken), items);

    /// <summary>POSTs page after page, the token in the body under <paramref name="tokenName"/> (GuardDuty nextToken, Security Hub NextToken).</summary>
    public Task<List<T>> PaginatePostAsync<T>(
        AwsOperation operation, string pathTemplate, IReadOnlyDictionary<string, string> labels, Func<JsonObject> body,
        Func<JsonView, IEnumerable<T>> items, CancellationToken cancellationToken, string tokenName = "nextToken") =>
        TokenPagination.CollectAsync(operation, tokenName, token =>
        {
            var request = body();
            if (token is not null) request[tokenName] = token;
            return PostAsync(operation, pathTemplate, labels, request, cancellationToken);
        }, items);

    /// <summary>The spec with its path labels set; an empty label is the caller's mistake, said before any call.</summary>
    private static AwsHttpRequestSpec Spec(AwsOperation operation, AwsHttpRequestSpec spec, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (name, value) in labels)
        {
            if (string.IsNullOrEmpty(value))
                throw new ArgumentException($"{operation.Service} {operation.Name}: path label {name} is empty; pass a non-empty {name}", nameof(labels));
            spec.PathLabels[name] = value;
        }
        return spec;
    }

    private async Task<JsonView> SendAsync(AwsOperation operation, AwsHttpRequestSpec spec, CancellationToken cancellationToken)
    {
        var response = await caller.SendAsync(operation, AwsProtocol.RestJson, spec, cancellationToken);
        return JsonView.Parse(response.Body, operation);
    }
}
