using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using KubePosture.Runtime.Client;

namespace KubePosture.Runtime.Informers;

/// <summary>
/// An informer handler that keeps the full objects of one (small) kind by key, e.g. PostureScans, and tells
/// subscribers which keys changed: every key whose resourceVersion moved, appeared or disappeared (also across a relist).
/// </summary>
public sealed class ObjectCache<T> : IInformerHandler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, T> _items = new();

    /// <summary>
    /// Raised for every key that changed (added, modified or deleted), with the object before and after the change
    /// (null: absent), so a subscriber can react to some changes only (see <see cref="ChangeFilters"/>). Must be cheap
    /// (e.g. enqueue the key).
    /// </summary>
    public event Action<ObjectKey, T?, T?>? Changed;

    public int Count => _items.Count;

    public T? Get(ObjectKey key) => _items.TryGetValue(key, out var item) ? item : null;

    public IReadOnlyList<T> List() => [.. _items.Values];

    public IReadOnlyList<ObjectKey> Keys() => [.. _items.Keys];

    public void OnReplaced(IReadOnlyList<T> items)
    {
        var seen = new HashSet<ObjectKey>();
        foreach (var item in items)
        {
            var key = ObjectKey.Of(item);
            seen.Add(key);
            OnUpsert(item);
        }

        foreach (var key in _items.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (_items.TryRemove(key, out var old))
            {
                Raise(key, old, null);
            }
        }
    }

    public void OnUpsert(T item)
    {
        var key = ObjectKey.Of(item);
        T? before = null;
        _items.AddOrUpdate(key, item, (_, old) =>
        {
            before = old;
            return item;
        });
        if (before is null || before.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
        {
            Raise(key, before, item);
        }
    }

    public void OnDelete(T item)
    {
        var key = ObjectKey.Of(item);
        Raise(key, _items.TryRemove(key, out var old) ? old : item, null);
    }

    private void Raise(ObjectKey key, T? before, T? after) => Changed?.Invoke(key, before, after);
}
