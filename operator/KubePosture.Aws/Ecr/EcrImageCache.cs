using System.Collections.Concurrent;
using KubePosture.Aws.Telemetry;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ecr;

/// <summary>
/// What DescribeImages said of each running digest (its scan status and completion time, or that it is not in the
/// repository), reused for the recheck interval: a scan within it asks ECR nothing for an image already seen, and one
/// after it asks again in batches of 100 per repository. Findings themselves live in <see cref="EcrFindingsCache"/>,
/// keyed by the scan completion time, so a recheck that finds the same completion time fetches no findings either.
/// </summary>
internal sealed class EcrImageCache(TimeSpan recheckInterval, TimeProvider time, AwsMetrics metrics, int capacity = 100_000)
{
    public const string CacheName = "ecr_images";
    private readonly ConcurrentDictionary<EcrImageKey, (DateTimeOffset ExpiresAt, EcrImage? Image)> _entries = new();

    public int Count => _entries.Count;

    /// <summary>The cached answer for <paramref name="key"/>: found is false when it must be asked again; image null means "not in the repository".</summary>
    public bool TryGet(EcrImageKey key, out EcrImage? image)
    {
        if (recheckInterval > TimeSpan.Zero && _entries.TryGetValue(key, out var entry) && entry.ExpiresAt > time.GetUtcNow())
        {
            metrics.CacheHit(CacheName);
            image = entry.Image;
            return true;
        }

        metrics.CacheMiss(CacheName);
        image = null;
        return false;
    }

    public void Set(EcrImageKey key, EcrImage? image)
    {
        if (recheckInterval <= TimeSpan.Zero)
            return;
        if (_entries.Count >= capacity)
            _entries.Clear();
        _entries[key] = (time.GetUtcNow() + recheckInterval, image);
    }
}
