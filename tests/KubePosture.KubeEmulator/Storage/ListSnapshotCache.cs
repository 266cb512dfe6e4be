using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Http;

namespace KubePosture.KubeEmulator.Storage;

/// <summary>
/// Keeps the object snapshots of paginated lists so that every page of one list comes from the same consistent
/// state, like etcd serving continue tokens at the first page's revision. Evicted (or compacted) snapshots
/// answer 410 Expired, as kube-apiserver does for a continue token whose revision was compacted.
/// </summary>
internal sealed class ListSnapshotCache
{
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, StoredObject[]> _snapshots = [];
    private readonly LinkedList<long> _order = new();
    private long _nextId;

    public ListSnapshotCache(int capacity) => _capacity = Math.Max(1, capacity);

    public long Add(StoredObject[] items)
    {
        lock (_gate)
        {
            var id = ++_nextId;
            _snapshots[id] = items;
            _order.AddLast(id);
            while (_order.Count > _capacity)
            {
                _snapshots.Remove(_order.First!.Value);
                _order.RemoveFirst();
            }
            return id;
        }
    }

    public StoredObject[]? Get(long id)
    {
        lock (_gate) return _snapshots.GetValueOrDefault(id);
    }

    public void Clear()
    {
        lock (_gate)
        {
            _snapshots.Clear();
            _order.Clear();
        }
    }

    public static string Encode(long resourceVersion, string startAfterKey, long snapshotId)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = startAfterKey + "\u0000", ["snap"] = snapshotId }.ToJsonString();
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    public static (long ResourceVersion, string StartAfterKey, long SnapshotId) Decode(string token)
    {
        try
        {
            var node = JsonNode.Parse(Base64Url.DecodeFromChars(token))!;
            var start = node["start"]!.GetValue<string>().TrimEnd('\u0000');
            return (node["rv"]!.GetValue<long>(), start, node["snap"]?.GetValue<long>() ?? 0);
        }
        catch (Exception e) when (e is FormatException or JsonException or NullReferenceException or InvalidOperationException)
        {
            throw ApiException.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
