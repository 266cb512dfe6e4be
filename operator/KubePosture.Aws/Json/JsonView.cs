using System.Text.Json;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Json;

/// <summary>
/// Reads a JSON answer field by field, keeping the path so a malformed answer is reported as
/// "ecr DescribeImages returned a malformed response: imageDetails[0].imagePushedAt: expected epoch seconds, got string".
/// </summary>
internal readonly struct JsonView(JsonElement element, string path, AwsOperation operation)
{
    public JsonElement Element => element;

    public string Path => path;

    public static JsonView Parse(byte[] body, AwsOperation operation)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object) throw Malformed(operation, "$", $"expected a JSON object, got {root.ValueKind}");
            return new JsonView(root, "", operation);
        }
        catch (JsonException e)
        {
            throw Malformed(operation, "$", $"not JSON ({e.Message})");
        }
    }

    private string Child(string name) => path.Length == 0 ? name : path + "." + name;

    private static AwsMalformedResponseException Malformed(AwsOperation operation, string field, string problem) =>
        new(operation.Service, operation.Name, field, problem);

    private AwsMalformedResponseException Malformed(string field, string problem) => Malformed(operation, field, problem);

    private bool TryGet(string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        value = default;
        return false;
    }

    public bool Has(string name) => TryGet(name, out _);

    public JsonView? Object(string name)
    {
        if (!TryGet(name, out var v)) return null;
        return v.ValueKind == JsonValueKind.Object ? new JsonView(v, Child(name), operation) : throw Malformed(Child(name), $"expected an object, got {v.ValueKind}");
    }

    public JsonView RequiredObject(string name) => Object(name) ?? throw Malformed(Child(name), "missing");

    public IReadOnlyList<JsonView> Array(string name)
    {
        if (!TryGet(name, out var v)) return [];
        if (v.ValueKind != JsonValueKind.Array) throw Malformed(Child(name), $"expected an array, got {v.ValueKind}");
        var list = new List<JsonView>(v.GetArrayLength());
        var i = 0;
        foreach (var item in v.EnumerateArray()) list.Add(new JsonView(item, $"{Child(name)}[{i++}]", operation));
        return list;
    }

    public IReadOnlyList<string> Strings(string name) => Array(name).Select(v => v.AsString()).ToArray();

    public string AsString() => element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Malformed(path, $"expected a string, got {element.ValueKind}");

    public string? String(string name)
    {
        if (!TryGet(name, out var v)) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Malformed(Child(name), $"expected a string, got {v.ValueKind}");
    }

    public string RequiredString(string name) => String(name) ?? throw Malformed(Child(name), "missing");

    public bool? Bool(string name)
    {
        if (!TryGet(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Malformed(Child(name), $"expected true or false, got {v.ValueKind}"),
        };
    }

    public long? Long(string name)
    {
        if (!TryGet(name, out var v)) return null;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : throw Malformed(Child(name), $"expected an integer, got {Describe(v)}");
    }

    public int? Int(string name) => Long(name) is { } n ? checked((int)n) : null;

    public double? Double(string name)
    {
        if (!TryGet(name, out var v)) return null;
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Malformed(Child(name), $"expected a number, got {Describe(v)}");
    }

    /// <summary>JSON protocols send timestamps as epoch seconds (with fractions).</summary>
    public DateTimeOffset? Epoch(string name)
    {
        if (!TryGet(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number) throw Malformed(Child(name), $"expected epoch seconds, got {Describe(v)}");
        var seconds = v.GetDouble();
        return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }

    public IReadOnlyDictionary<string, string> StringMap(string name)
    {
        if (!TryGet(name, out var v)) return new Dictionary<string, string>();
        if (v.ValueKind != JsonValueKind.Object) throw Malformed(Child(name), $"expected an object, got {v.ValueKind}");
        var map = new Dictionary<string, string>();
        foreach (var p in v.EnumerateObject())
            map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw Malformed($"{Child(name)}.{p.Name}", $"expected a string, got {p.Value.ValueKind}");
        return map;
    }

    /// <param name="key">Maps each key as read (e.g. to a shared instance of a known name).</param>
    public IReadOnlyDictionary<string, int> IntMap(string name, Func<string, string>? key = null)
    {
        if (!TryGet(name, out var v)) return new Dictionary<string, int>();
        if (v.ValueKind != JsonValueKind.Object) throw Malformed(Child(name), $"expected an object, got {v.ValueKind}");
        // Sized to the object: these maps are kept (ECR keeps one per image), and growth by doubling left most slots empty.
        var map = new Dictionary<string, int>(v.EnumerateObject().Count(), StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
            map[key is null ? p.Name : key(p.Name)] = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var n) ? n : throw Malformed($"{Child(name)}.{p.Name}", $"expected an integer, got {Describe(p.Value)}");
        return map;
    }

    private static string Describe(JsonElement v) => v.ValueKind == JsonValueKind.String ? $"string \"{v.GetString()}\"" : v.ValueKind.ToString();
}
