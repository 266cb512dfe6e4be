using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Http;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Storage;

/// <summary>
/// All stored objects under one global resourceVersion, the bounded watch history and the live watches.
/// Writers hold <see cref="Gate"/> for the whole read-modify-commit so that resourceVersions, history order and
/// conflict detection stay exact; readers take cheap snapshots of object references under the same gate.
/// </summary>
internal sealed class ObjectStore
{
    private sealed class Collection
    {
        public Dictionary<string, Dictionary<string, StoredObject>> ByNamespace { get; } = new(StringComparer.Ordinal);
        public int Count { get; set; }
        public StoredObject[]? SortedAll { get; set; }
    }

    private readonly Dictionary<string, Collection> _collections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredObject> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<StoredObject>> _dependents = new(StringComparer.Ordinal);
    private readonly WatchEvent?[] _history;
    private int _historyStart;
    private int _historyCount;
    private readonly List<WatchSubscription> _watches = [];
    private long _resourceVersion;

    public ObjectStore(int historySize)
    {
        _history = new WatchEvent?[Math.Max(1, historySize)];
    }

    public Lock Gate { get; } = new();

    public long ResourceVersion { get { lock (Gate) return _resourceVersion; } }

    /// <summary>Events with resourceVersion greater than this are all in the history (resume works from here on).</summary>
    public long CompactedResourceVersion { get; private set; }

    public StoredObject? Get(string groupResource, string ns, string name)
    {
        lock (Gate)
        {
            return _collections.TryGetValue(groupResource, out var c) && c.ByNamespace.TryGetValue(ns, out var byName)
                && byName.TryGetValue(name, out var obj) ? obj : null;
        }
    }

    public StoredObject? GetByUid(string uid)
    {
        lock (Gate) return _byUid.GetValueOrDefault(uid);
    }

    public int Count(string groupResource)
    {
        lock (Gate) return _collections.TryGetValue(groupResource, out var c) ? c.Count : 0;
    }

    /// <summary>The objects of a group resource (one namespace or all), sorted by namespace/name, with the list's resourceVersion.</summary>
    public (StoredObject[] Items, long ResourceVersion) Snapshot(string groupResource, string? ns)
    {
        lock (Gate)
        {
            if (!_collections.TryGetValue(groupResource, out var c)) return ([], _resourceVersion);
            if (ns is not null)
            {
                if (!c.ByNamespace.TryGetValue(ns, out var byName)) return ([], _resourceVersion);
                var items = byName.Values.ToArray();
                Array.Sort(items, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                return (items, _resourceVersion);
            }
            if (c.SortedAll is null)
            {
                var all = new StoredObject[c.Count];
                var i = 0;
                foreach (var byName in c.ByNamespace.Values)
                {
                    foreach (var o in byName.Values) all[i++] = o;
                }
                Array.Sort(all, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                c.SortedAll = all;
            }
            return (c.SortedAll, _resourceVersion);
        }
    }

    /// <summary>Objects in a namespace across every group resource (namespace deletion).</summary>
    public List<StoredObject> InNamespace(string ns)
    {
        lock (Gate)
        {
            var result = new List<StoredObject>();
            foreach (var c in _collections.Values)
            {
                if (c.ByNamespace.TryGetValue(ns, out var byName)) result.AddRange(byName.Values);
            }
            return result;
        }
    }

    /// <summary>Objects whose ownerReferences name this uid (garbage collection).</summary>
    public List<StoredObject> DependentsOf(string uid)
    {
        lock (Gate) return _dependents.TryGetValue(uid, out var set) ? [.. set] : [];
    }

    /// <summary>Stores a created or updated object (caller holds <see cref="Gate"/>): assigns the next resourceVersion and publishes the event.</summary>
    public StoredObject Commit(ResourceType type, JsonObject obj, StoredObject? previous)
    {
        var rv = ++_resourceVersion;
        obj["metadata"]!["resourceVersion"] = StoredObject.FormatResourceVersion(rv);
        var stored = StoredObject.Create(type, obj, rv);
        if (previous is not null) Unindex(previous);
        Index(stored);
        Publish(new WatchEvent(previous is null ? "ADDED" : "MODIFIED", stored, previous, rv));
        return stored;
    }

    /// <summary>Removes an object (caller holds <see cref="Gate"/>); the DELETED event carries a new resourceVersion.</summary>
    public StoredObject CommitDelete(ResourceType type, StoredObject existing)
    {
        var rv = ++_resourceVersion;
        var node = existing.ToNode();
        node["metadata"]!["resourceVersion"] = StoredObject.FormatResourceVersion(rv);
        var final = StoredObject.Create(type, node, rv);
        Unindex(existing);
        Publish(new WatchEvent("DELETED", final, existing, rv));
        return final;
    }

    private void Index(StoredObject o)
    {
        if (!_collections.TryGetValue(o.GroupResource, out var c)) _collections[o.GroupResource] = c = new Collection();
        if (!c.ByNamespace.TryGetValue(o.Namespace, out var byName)) c.ByNamespace[o.Namespace] = byName = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
        byName[o.Name] = o;
        c.Count++;
        c.SortedAll = null;
        if (o.Uid.Length > 0) _byUid[o.Uid] = o;
        foreach (var owner in o.OwnerUids)
        {
            if (!_dependents.TryGetValue(owner, out var set)) _dependents[owner] = set = [];
            set.Add(o);
        }
    }

    private void Unindex(StoredObject o)
    {
        if (_collections.TryGetValue(o.GroupResource, out var c) && c.ByNamespace.TryGetValue(o.Namespace, out var byName) && byName.Remove(o.Name))
        {
            c.Count--;
            c.SortedAll = null;
            if (byName.Count == 0) c.ByNamespace.Remove(o.Namespace);
        }
        if (o.Uid.Length > 0) _byUid.Remove(o.Uid);
        foreach (var owner in o.OwnerUids)
        {
            if (_dependents.TryGetValue(owner, out var set))
            {
                set.Remove(o);
                if (set.Count == 0) _dependents.Remove(owner);
            }
        }
    }

    private void Publish(WatchEvent e)
    {
        if (_historyCount == _history.Length)
        {
            CompactedResourceVersion = _history[_historyStart]!.ResourceVersion;
            _history[_historyStart] = e;
            _historyStart = (_historyStart + 1) % _history.Length;
        }
        else
        {
            _history[(_historyStart + _historyCount) % _history.Length] = e;
            _historyCount++;
        }
        foreach (var w in _watches)
        {
            if (w.Matches(e.Object!)) w.Events.Writer.TryWrite(e);
        }
    }

    /// <summary>
    /// Starts a watch after <paramref name="fromResourceVersion"/>: the retained events after it are queued first.
    /// A resourceVersion older than the history answers 410 Expired exactly as kube-apiserver's watch cache does.
    /// With null, the watch starts now and <paramref name="initial"/> holds the current objects (sent as ADDED).
    /// </summary>
    public WatchSubscription Subscribe(string groupResource, string? ns, long? fromResourceVersion, out StoredObject[] initial, out long startResourceVersion)
    {
        lock (Gate)
        {
            initial = [];
            startResourceVersion = _resourceVersion;
            var sub = new WatchSubscription(groupResource, ns, RemoveWatch);
            if (fromResourceVersion is null)
            {
                initial = Snapshot(groupResource, ns).Items;
            }
            else
            {
                var from = fromResourceVersion.Value;
                if (from < CompactedResourceVersion)
                {
                    sub.Dispose();
                    throw ApiException.Gone($"too old resource version: {from} ({CompactedResourceVersion + 1})");
                }
                for (var i = 0; i < _historyCount; i++)
                {
                    var e = _history[(_historyStart + i) % _history.Length]!;
                    if (e.ResourceVersion > from && sub.Matches(e.Object!)) sub.Events.Writer.TryWrite(e);
                }
            }
            _watches.Add(sub);
            return sub;
        }
    }

    /// <summary>Queues a BOOKMARK behind every event published so far (so its resourceVersion is truthful).</summary>
    public void EnqueueBookmark(WatchSubscription sub)
    {
        lock (Gate) sub.Events.Writer.TryWrite(WatchEvent.Bookmark(_resourceVersion));
    }

    private void RemoveWatch(WatchSubscription sub)
    {
        lock (Gate) _watches.Remove(sub);
    }

    /// <summary>Ends every open watch (their clients see the stream close and must resume).</summary>
    public int DropAllWatches()
    {
        List<WatchSubscription> open;
        lock (Gate) open = [.. _watches];
        foreach (var w in open)
        {
            try { w.Dropped.Cancel(); } catch (ObjectDisposedException) { }
        }
        return open.Count;
    }

    /// <summary>Forgets the watch history: resuming from any earlier resourceVersion answers 410.</summary>
    public void CompactHistory()
    {
        lock (Gate)
        {
            Array.Clear(_history);
            _historyStart = 0;
            _historyCount = 0;
            CompactedResourceVersion = _resourceVersion;
        }
    }

    public int OpenWatchCount { get { lock (Gate) return _watches.Count; } }

    /// <summary>Total number of stored objects and serialized bytes (for the scale report).</summary>
    public (int Objects, long Bytes) Size()
    {
        lock (Gate)
        {
            var objects = 0;
            long bytes = 0;
            foreach (var c in _collections.Values)
            {
                foreach (var byName in c.ByNamespace.Values)
                {
                    foreach (var o in byName.Values)
                    {
                        objects++;
                        bytes += o.Json.Length;
                    }
                }
            }
            return (objects, bytes);
        }
    }
}
