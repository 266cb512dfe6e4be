using KubePosture.Aws.Json;

namespace KubePosture.Aws.Http;

/// <summary>The page loop of the JSON protocols: follows the answer's token until the last page; a token that comes back twice is a malformed answer, not an endless loop.</summary>
internal static class TokenPagination
{
    /// <param name="page">Fetches one page: the token of the previous answer, null for the first page.</param>
    public static async Task<List<T>> CollectAsync<T>(AwsOperation operation, string tokenName, Func<string?, Task<JsonView>> page, Func<JsonView, IEnumerable<T>> items)
    {
        var all = new List<T>();
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var answer = await page(token);
            all.AddRange(items(answer));
            token = answer.String(tokenName);
            if (token is not null && !seen.Add(token))
                throw new Ports.AwsMalformedResponseException(operation.Service, operation.Name, tokenName, $"the same token \"{token}\" came back twice; pagination would not end");
        }
        while (!string.IsNullOrEmpty(token));
        return all;
    }
}
