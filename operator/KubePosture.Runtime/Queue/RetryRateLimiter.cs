namespace KubePosture.Runtime.Queue;

/// <summary>
/// How long an item waits before its next retry: its own exponential backoff (<see cref="RateLimiterOptions.BaseDelay"/>
/// doubled per failure), at least what the server asked for (Retry-After), never more than
/// <see cref="RateLimiterOptions.MaxDelay"/>. State is per key: one key's failures never change another key's delay.
/// Thread-safe.
/// </summary>
public sealed class RetryRateLimiter<TKey>
    where TKey : notnull
{
    private readonly RateLimiterOptions _options;
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Lock _lock = new();

    public RetryRateLimiter(RateLimiterOptions options)
    {
        if (options.BaseDelay <= TimeSpan.Zero || options.MaxDelay < options.BaseDelay)
        {
            throw new ArgumentException($"rate limiter: BaseDelay {options.BaseDelay} must be > 0 and <= MaxDelay {options.MaxDelay}", nameof(options));
        }

        _options = options;
    }

    /// <summary>
    /// Records one more failure of <paramref name="key"/> and returns how long it must wait: its backoff, or
    /// <paramref name="atLeast"/> (a server's Retry-After) when longer, capped at the maximum delay.
    /// </summary>
    public TimeSpan When(TKey key, TimeSpan? atLeast = null)
    {
        int failures;
        lock (_lock)
        {
            _failures.TryGetValue(key, out failures);
            _failures[key] = failures + 1;
        }

        var backoff = Backoff(failures);
        return atLeast is { } hint && hint > backoff ? (hint < _options.MaxDelay ? hint : _options.MaxDelay) : backoff;
    }

    /// <summary>How many times <paramref name="key"/> failed since it was last forgotten.</summary>
    public int Failures(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>The item succeeded: its backoff starts over.</summary>
    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    private TimeSpan Backoff(int previousFailures)
    {
        // BaseDelay * 2^failures, capped, without overflowing for large counts.
        var exponent = Math.Min(previousFailures, 62);
        var ticks = _options.BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= _options.MaxDelay.Ticks ? _options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
