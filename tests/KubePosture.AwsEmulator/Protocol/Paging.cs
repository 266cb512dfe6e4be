using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace KubePosture.AwsEmulator.Protocol;

/// <summary>Opaque page tokens and page slicing, capped by the fixture's pageSize.</summary>
public static class Paging
{
    public static (IReadOnlyList<T> Items, string? NextToken) Page<T>(IReadOnlyList<T> all, string? token, int? maxResults, int pageSize, string invalidTokenCode = "InvalidParameterException")
    {
        var start = 0;
        if (!string.IsNullOrEmpty(token))
        {
            try
            {
                start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':')[1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
            {
                throw new EmulatorErrorException(400, invalidTokenCode, $"Invalid pagination token: {token}");
            }
        }
        var size = Math.Max(1, Math.Min(maxResults is > 0 ? maxResults.Value : int.MaxValue, pageSize));
        var items = all.Skip(start).Take(size).ToArray();
        var next = start + items.Length < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"page:{start + items.Length}")) : null;
        return (items, next);
    }

    /// <summary>A JSON page: <c>{field: [items], tokenField: next}</c>, the token only when another page follows.</summary>
    public static JsonObject JsonBody(string field, IEnumerable<JsonNode?> items, string? next, string tokenField = "nextToken")
    {
        var body = new JsonObject { [field] = new JsonArray([.. items]) };
        if (next is not null) body[tokenField] = next;
        return body;
    }
}
