using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Storage;

/// <summary>
/// One stored object: its serialized UTF-8 JSON plus the few parsed fields lists, selectors and the garbage
/// collector need. Immutable; a write replaces the whole instance. Keeping bytes rather than a JSON tree is what
/// lets 50,000 pods fit and list fast (responses are built by concatenating bytes).
/// </summary>
internal sealed class StoredObject
{
    private static readonly KeyValuePair<string, string>[] NoLabels = [];

    private StoredObject(string groupResource, string ns, string name, string uid, long resourceVersion, byte[] json)
    {
        GroupResource = groupResource;
        Namespace = ns;
        Name = name;
        Uid = uid;
        ResourceVersion = resourceVersion;
        Json = json;
    }

    public string GroupResource { get; }
    public string Namespace { get; }
    public string Name { get; }
    public string Uid { get; }
    public long ResourceVersion { get; }
    public byte[] Json { get; }
    public KeyValuePair<string, string>[] Labels { get; private init; } = NoLabels;
    public Dictionary<string, string>? Fields { get; private init; }
    public string[] OwnerUids { get; private init; } = [];
    public int FinalizerCount { get; private init; }
    public bool Terminating { get; private init; }

    public string Key => Namespace + "/" + Name;

    public string? Label(string key)
    {
        foreach (var kv in Labels)
        {
            if (kv.Key == key) return kv.Value;
        }
        return null;
    }

    /// <summary>A fresh mutable tree of the object.</summary>
    public JsonObject ToNode() => JsonNode.Parse(Json)!.AsObject();

    public static StoredObject Create(ResourceType type, JsonObject obj, long resourceVersion)
    {
        var meta = obj["metadata"]!.AsObject();
        var labels = NoLabels;
        if (meta["labels"] is JsonObject labelNode && labelNode.Count > 0)
        {
            labels = new KeyValuePair<string, string>[labelNode.Count];
            var i = 0;
            foreach (var (k, v) in labelNode) labels[i++] = new(k, v?.GetValue<string>() ?? "");
        }
        Dictionary<string, string>? fields = null;
        foreach (var path in type.SelectableFields)
        {
            var value = ReadPath(obj, path);
            if (value is null) continue;
            fields ??= new Dictionary<string, string>(StringComparer.Ordinal);
            fields[path] = value;
        }
        string[] owners = [];
        if (meta["ownerReferences"] is JsonArray refs && refs.Count > 0)
        {
            owners = refs.Select(r => r?["uid"]?.GetValue<string>() ?? "").Where(u => u.Length > 0).ToArray();
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(obj);
        return new StoredObject(type.GroupResource, meta["namespace"]?.GetValue<string>() ?? "", meta["name"]!.GetValue<string>(),
            meta["uid"]?.GetValue<string>() ?? "", resourceVersion, bytes)
        {
            Labels = labels,
            Fields = fields,
            OwnerUids = owners,
            FinalizerCount = (meta["finalizers"] as JsonArray)?.Count ?? 0,
            Terminating = meta["deletionTimestamp"] is not null,
        };
    }

    /// <summary>A dotted path read as the string form fieldSelector compares ("true" for booleans).</summary>
    public static string? ReadPath(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
            if (node is null) return null;
        }
        return node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => node.ToJsonString(),
            _ => null,
        };
    }

    public static string FormatResourceVersion(long rv) => rv.ToString(CultureInfo.InvariantCulture);
}
