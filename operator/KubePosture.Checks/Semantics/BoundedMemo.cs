using System.Collections.Concurrent;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// Results of a pure function remembered by argument, process-wide and thread-safe, up to a bound: clusters repeat the
/// same images, digests, variable names and field paths across thousands of workloads, and every scan asks again.
/// Past the bound new arguments are computed and not remembered, so an unusual cluster cannot grow it without limit.
/// </summary>
public sealed class BoundedMemo<TKey, TValue>(Func<TKey, TValue> compute, int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _values = new(comparer);

    public TValue this[TKey key]
    {
        get
        {
            if (_values.TryGetValue(key, out var value))
                return value;
            value = compute(key);
            return _values.Count < capacity ? _values.GetOrAdd(key, value) : value;
        }
    }
}
