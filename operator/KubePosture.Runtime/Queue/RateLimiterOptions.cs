namespace KubePosture.Runtime.Queue;

/// <summary>
/// Retry pacing of a <see cref="WorkQueue{TKey}"/>: a per-item exponential backoff, capped. Each key has its own
/// limiter, so one key failing in a loop never delays another key's retry (client-go's overall token bucket is left
/// out on purpose: a shared bucket lets one poisoned key push every other key's retries out by minutes).
/// </summary>
public sealed record RateLimiterOptions
{
    /// <summary>Delay of an item's first retry; doubles on every further failure of that item.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Upper bound of every retry delay (also of a server's Retry-After the queue honours).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1000);
}
