using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using KubePosture.Runtime.Client;

namespace KubePosture.Runtime.Informers;

/// <summary>
/// An informer handler that keeps the full objects of one (small) kind by key, e.g. PostureScans, and tells
/// subscribers which keys changed: every key that appeared or disappeared (also across a relist), and every key whose
/// update <see cref="IsChange"/> counts (by default any move of the resourceVersion).
/// </summary>
public sealed class ObjectCache<T> : IInformerHandler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, T> _items = new();

    /// <summary>Raised for every key that changed (added, modified or deleted). Must be cheap (e.g. enqueue the key).</summary>
    public event Action<ObjectKey>? Changed;

    public int Count => _items.Count;

    /// <summary>
    /// Whether an update (old, new) is announced through <see cref="Changed"/>; the cache keeps the new object either
    /// way. A controller's cache passes <see cref="ChangePredicates.GenerationOrMetadata{T}"/> so its own status
    /// writes do not requeue.
    /// </summary>
    public Func<T, T, bool> IsChange { get; init; } = ChangePredicates.AnyUpdate;

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
            if (_items.TryRemove(key, out _))
            {
                Changed?.Invoke(key);
            }
        }
    }

    public void OnUpsert(T item)
    {
        var key = ObjectKey.Of(item);
        var changed = true;
        _items.AddOrUpdate(key, item, (_, old) =>
        {
            changed = IsChange(old, item);
            return item;
        });
        if (changed)
        {
            Changed?.Invoke(key);
        }
    }

    public void OnDelete(T item)
    {
        var key = ObjectKey.Of(item);
        _items.TryRemove(key, out _);
        Changed?.Invoke(key);
    }
}
