using System.Collections.Concurrent;
using KubePosture.Aws.Telemetry;

namespace KubePosture.Aws.Caching;

/// <summary>
/// A cache of AWS answers with a time to live, keyed by what identifies the answer. Concurrent lookups of the same key
/// share one fetch. Failures are not cached.
/// </summary>
public sealed class TtlCache<TKey, TValue>(string name, TimeSpan ttl, TimeProvider time, AwsMetrics metrics)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    public string Name { get; } = name;

    public int Count => _entries.Count;

    public async Task<TValue> GetOrFetchAsync(TKey key, Func<CancellationToken, Task<TValue>> fetch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var existing) && existing.ExpiresAt > now && !existing.Value.IsFaulted && !existing.Value.IsCanceled)
        {
            metrics.CacheHit(Name);
            return await existing.Value.WaitAsync(cancellationToken);
        }

        metrics.CacheMiss(Name);
        var entry = new Entry(now + ttl, FetchAsync(fetch, cancellationToken));
        _entries[key] = entry;
        try
        {
            return await entry.Value;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
            throw;
        }
    }

    private static async Task<TValue> FetchAsync(Func<CancellationToken, Task<TValue>> fetch, CancellationToken cancellationToken) =>
        await fetch(cancellationToken);

    public void Invalidate(TKey key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();

    private sealed record Entry(DateTimeOffset ExpiresAt, Task<TValue> Value);
}
