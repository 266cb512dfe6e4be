using System.Runtime.CompilerServices;

namespace KubePosture.Checks.Inventory;

/// <summary>
/// Looks up an inventory list's items by a key, with a dictionary built on the first lookup and remembered per list
/// instance: checks look items up per workload or node, and a linear search is workloads × items. Inventory lists are
/// never modified after construction, and the index is keyed by the list itself (not stored in a record), so a copy
/// made with <c>with { List = ... }</c> gets its own. The first item of a key wins, as a linear search would find it.
/// </summary>
public sealed class ListIndex<T, TKey>
    where T : class
    where TKey : notnull
{
    private readonly ConditionalWeakTable<IReadOnlyList<T>, Dictionary<TKey, T>> _indexes = [];
    private readonly ConditionalWeakTable<IReadOnlyList<T>, Dictionary<TKey, T>>.CreateValueCallback _build;

    public ListIndex(Func<T, TKey> keyOf, IEqualityComparer<TKey>? comparer = null)
    {
        _build = list =>
        {
            var index = new Dictionary<TKey, T>(list.Count, comparer);
            foreach (var item in list)
                index.TryAdd(keyOf(item), item);
            return index;
        };
    }

    /// <summary>The first item of <paramref name="list"/> with <paramref name="key"/>, or null.</summary>
    public T? Find(IReadOnlyList<T> list, TKey key) => _indexes.GetValue(list, _build).GetValueOrDefault(key);
}
