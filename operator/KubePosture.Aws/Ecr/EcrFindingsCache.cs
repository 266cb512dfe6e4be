using System.Collections.Concurrent;
using KubePosture.Aws.Telemetry;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ecr;

/// <summary>
/// Scan findings by (registry, repository, digest). An image's findings only change when ECR completes a new scan, so
/// an entry is valid exactly as long as the image's scan completion time is the one it was fetched for.
/// </summary>
internal sealed class EcrFindingsCache(AwsMetrics metrics, int capacity = 50_000)
{
    public const string CacheName = "ecr_findings";
    private readonly ConcurrentDictionary<EcrImageKey, (DateTimeOffset CompletedAt, EcrImageScan Scan)> _entries = new();

    public int Count => _entries.Count;

    public async Task<EcrImageScan> GetAsync(EcrImageKey key, DateTimeOffset completedAt, Func<CancellationToken, Task<EcrImageScan>> fetch, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(key, out var cached) && cached.CompletedAt == completedAt)
        {
            metrics.CacheHit(CacheName);
            return cached.Scan;
        }
        metrics.CacheMiss(CacheName);
        var fresh = await fetch(cancellationToken);
        if (_entries.Count >= capacity) _entries.Clear();
        _entries[key] = (completedAt, fresh);
        return fresh;
    }
}
