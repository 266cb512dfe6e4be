using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Tables;

/// <summary>
/// The JSONPath subset CRD additionalPrinterColumns use: <c>.a.b</c>, <c>['a.b']</c>, <c>[0]</c>, <c>[*]</c> and
/// filters <c>[?(@.type=="Ready")]</c>; returns the first result, as kube-apiserver's table convertor prints.
/// </summary>
internal static class JsonPathLite
{
    public static JsonNode? First(JsonNode? root, string path) => Evaluate(root, path).FirstOrDefault();

    public static IEnumerable<JsonNode?> Evaluate(JsonNode? root, string path)
    {
        path = path.Trim();
        if (path.StartsWith('{') && path.EndsWith('}')) path = path[1..^1];
        if (path.StartsWith('$')) path = path[1..];
        IEnumerable<JsonNode?> current = [root];
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                var key = path[(i + 1)..end];
                if (key.Length > 0) current = current.Select(n => n is JsonObject o ? o[key] : null).Where(n => n is not null).ToList();
                i = end;
            }
            else if (path[i] == '[')
            {
                var end = FindClose(path, i);
                var inner = path[(i + 1)..end].Trim();
                current = Apply(current, inner).ToList();
                i = end + 1;
            }
            else
            {
                var end = i;
                while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                var key = path[i..end];
                current = current.Select(n => n is JsonObject o ? o[key] : null).Where(n => n is not null).ToList();
                i = end;
            }
        }
        return current;
    }

    private static int FindClose(string path, int open)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = open; i < path.Length; i++)
        {
            var c = path[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if (c is '\'' or '"') quote = c;
            else if (c == '[') depth++;
            else if (c == ']' && --depth == 0) return i;
        }
        return path.Length - 1;
    }

    private static IEnumerable<JsonNode?> Apply(IEnumerable<JsonNode?> nodes, string inner)
    {
        foreach (var n in nodes)
        {
            if (inner == "*")
            {
                if (n is JsonArray a) foreach (var x in a) yield return x;
                else if (n is JsonObject o) foreach (var kv in o) yield return kv.Value;
            }
            else if (inner.StartsWith('\'') || inner.StartsWith('"'))
            {
                if (n is JsonObject o && o[inner[1..^1]] is { } v) yield return v;
            }
            else if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
            {
                if (n is not JsonArray a) continue;
                foreach (var x in a.Where(x => FilterMatches(x, inner[2..^1]))) yield return x;
            }
            else if (int.TryParse(inner, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                if (n is JsonArray a)
                {
                    if (index < 0) index += a.Count;
                    if (index >= 0 && index < a.Count) yield return a[index];
                }
            }
        }
    }

    private static bool FilterMatches(JsonNode? element, string filter)
    {
        foreach (var op in new[] { "==", "!=" })
        {
            var at = filter.IndexOf(op, StringComparison.Ordinal);
            if (at < 0) continue;
            var left = filter[..at].Trim();
            var right = filter[(at + 2)..].Trim().Trim('"', '\'');
            if (!left.StartsWith('@')) return false;
            var value = First(element, left[1..]);
            var text = value is JsonValue jv ? (jv.TryGetValue<string>(out var s) ? s : jv.ToJsonString()) : value?.ToJsonString();
            return op == "==" ? text == right : text != right;
        }
        var path = filter.Trim();
        return path.StartsWith('@') && First(element, path[1..]) is not null;
    }
}
