using KubePosture.Aws.Telemetry;

namespace KubePosture.Aws.Caching;

/// <summary>
/// A service's description cache: answers keyed by operation and arguments, each kept for the service's TTL.
/// </summary>
internal sealed class DescribeCache(string service, TimeSpan ttl, TimeProvider time, AwsMetrics metrics)
{
    private readonly TtlCache<string, object?> _cache = new(service, ttl, time, metrics);

    public async Task<T> GetAsync<T>(AwsOperation operation, string key, Func<CancellationToken, Task<T>> fetch, CancellationToken cancellationToken) =>
        (T)(await _cache.GetOrFetchAsync($"{operation.Name}|{key}", async ct => (object?)await fetch(ct), cancellationToken))!;

    public void Clear() => _cache.Clear();
}
