using System.Globalization;
using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Http;

namespace KubePosture.KubeEmulator.Patching;

/// <summary>RFC 6902 JSON patch (application/json-patch+json): add, remove, replace, move, copy, test.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiException.BadRequest("the body of a json-patch must be a JSON array of operations");
        }
        var root = document;
        foreach (var opNode in operations)
        {
            var op = opNode?["op"]?.GetValue<string>() ?? throw ApiException.BadRequest("json-patch operation is missing \"op\"");
            var path = opNode["path"]?.GetValue<string>() ?? throw ApiException.BadRequest($"json-patch \"{op}\" operation is missing \"path\"");
            switch (op)
            {
                case "add":
                    root = Add(root, path, opNode["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    root = Add(root, path, opNode["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = opNode["from"]?.GetValue<string>() ?? throw ApiException.BadRequest("json-patch \"move\" is missing \"from\"");
                        var value = Get(root, from)?.DeepClone();
                        Remove(root, from);
                        root = Add(root, path, value);
                        break;
                    }
                case "copy":
                    {
                        var from = opNode["from"]?.GetValue<string>() ?? throw ApiException.BadRequest("json-patch \"copy\" is missing \"from\"");
                        root = Add(root, path, Get(root, from)?.DeepClone());
                        break;
                    }
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), opNode["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }
                    break;
                default:
                    throw ApiException.BadRequest($"Unexpected kind: {op}");
            }
        }
        return root;
    }

    private static string[] Tokens(string path)
    {
        if (path.Length == 0) return [];
        if (!path.StartsWith('/')) throw ApiException.BadRequest($"json-patch path \"{path}\" must start with \"/\"");
        return path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static JsonNode? Get(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var t in Tokens(path))
        {
            node = node switch
            {
                JsonObject o => o.TryGetPropertyValue(t, out var v) ? v : throw Missing(path),
                JsonArray a when int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw Missing(path),
            };
        }
        return node;
    }

    private static ApiException Missing(string path) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: jsonpatch: path {path} does not exist");

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string path)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0) throw ApiException.BadRequest("json-patch path must not be empty here");
        var parentPath = tokens.Length == 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        var parent = Get(root, parentPath) ?? throw Missing(path);
        return (parent, tokens[^1]);
    }

    private static JsonNode Add(JsonNode root, string path, JsonNode? value)
    {
        if (path.Length == 0) return value ?? throw ApiException.BadRequest("json-patch cannot replace the document with null");
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                if (last == "-") a.Add(value);
                else if (int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count) a.Insert(i, value);
                else throw Missing(path);
                break;
            default:
                throw Missing(path);
        }
        return root;
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw Missing(path);
        }
    }
}
