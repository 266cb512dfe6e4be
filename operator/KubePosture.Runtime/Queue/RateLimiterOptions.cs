namespace KubePosture.Runtime.Queue;

/// <summary>
/// Retry pacing of a <see cref="WorkQueue{TKey}"/>: the larger of a per-item exponential backoff and an overall
/// token bucket (client-go's default controller rate limiter).
/// </summary>
public sealed record RateLimiterOptions
{
    /// <summary>Delay of an item's first retry; doubles on every further failure of that item.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Upper bound of the per-item delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1000);

    /// <summary>Overall retries per second across all items.</summary>
    public double TokensPerSecond { get; init; } = 10;

    /// <summary>Retries allowed at once before <see cref="TokensPerSecond"/> applies.</summary>
    public int Burst { get; init; } = 100;
}
