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
        var spec = new AwsHttpRequestSpec { Method = "GET", ResourcePath = pathTemplate };
        foreach (var (name, value) in labels)
        {
            if (string.IsNullOrEmpty(value))
                throw new ArgumentException($"{operation.Service} {operation.Name}: path label {name} is empty; pass a non-empty {name}", nameof(labels));
            spec.PathLabels[name] = value;
        }
        if (query is not null) spec.Query.AddRange(query);
        var response = await caller.SendAsync(operation, AwsProtocol.RestJson, spec, cancellationToken);
        return JsonView.Parse(response.Body, operation);
    }

    /// <summary>A POST with a JSON body (GuardDuty ListFindings/GetFindings, Inspector2 BatchGetAccountStatus).</summary>
    public async Task<JsonView> PostAsync(
        AwsOperation operation, string pathTemplate, IReadOnlyDictionary<string, string> labels, JsonObject body, CancellationToken cancellationToken)
    {
        var spec = new AwsHttpRequestSpec { Method = "POST", ResourcePath = pathTemplate, Body = JsonBody.Serialize(body), ContentType = "application/json" };
        foreach (var (name, value) in labels)
        {
            if (string.IsNullOrEmpty(value))
                throw new ArgumentException($"{operation.Service} {operation.Name}: path label {name} is empty; pass a non-empty {name}", nameof(labels));
            spec.PathLabels[name] = value;
        }
        var response = await caller.SendAsync(operation, AwsProtocol.RestJson, spec, cancellationToken);
        return JsonView.Parse(response.Body, operation);
    }

    /// <summary>A POST with a JSON body to a path without labels (Security Hub).</summary>
    public Task<JsonView> PostAsync(AwsOperation operation, string path, JsonObject body, CancellationToken cancellationToken) =>
        PostAsync(operation, path, new Dictionary<string, string>(), body, cancellationToken);

    public async Task<List<T>> PaginateAsync<T>(
        AwsOperation operation, string pathTemplate, IReadOnlyDictionary<string, string> labels, IReadOnlyList<KeyValuePair<string, string>> query,
        Func<JsonView, IEnumerable<T>> items, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var q = new List<KeyValuePair<string, string>>(query);
            if (token is not null) q.Add(new("nextToken", token));
            var page = await GetAsync(operation, pathTemplate, labels, q, cancellationToken);
            all.AddRange(items(page));
            token = page.String("nextToken");
            if (token is not null && !seen.Add(token))
                throw new Ports.AwsMalformedResponseException(operation.Service, operation.Name, "nextToken", $"the same token \"{token}\" came back twice; pagination would not end");
        }
        while (!string.IsNullOrEmpty(token));
        return all;
    }
}
