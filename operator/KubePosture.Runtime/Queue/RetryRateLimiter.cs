namespace KubePosture.Runtime.Queue;

/// <summary>
/// How long an item waits before its next retry: max(per-item exponential backoff, overall token bucket).
/// Time comes from a <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
public sealed class RetryRateLimiter<TKey>
    where TKey : notnull
{
    private readonly RateLimiterOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Lock _lock = new();
    private double _tokens;
    private DateTimeOffset _lastRefill;

    public RetryRateLimiter(RateLimiterOptions options, TimeProvider time)
    {
        if (options.BaseDelay <= TimeSpan.Zero || options.MaxDelay < options.BaseDelay)
        {
            throw new ArgumentException($"rate limiter: BaseDelay {options.BaseDelay} must be > 0 and <= MaxDelay {options.MaxDelay}", nameof(options));
        }

        if (options.TokensPerSecond <= 0 || options.Burst < 1)
        {
            throw new ArgumentException($"rate limiter: TokensPerSecond {options.TokensPerSecond} must be > 0 and Burst {options.Burst} >= 1", nameof(options));
        }

        _options = options;
        _time = time;
        _tokens = options.Burst;
        _lastRefill = time.GetUtcNow();
    }

    /// <summary>Records one more failure of <paramref name="key"/> and returns how long it must wait.</summary>
    public TimeSpan When(TKey key)
    {
        lock (_lock)
        {
            _failures.TryGetValue(key, out var failures);
            _failures[key] = failures + 1;
            var backoff = Backoff(failures);
            var bucket = TakeToken();
            return backoff > bucket ? backoff : bucket;
        }
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

    private TimeSpan TakeToken()
    {
        var now = _time.GetUtcNow();
        var elapsed = (now - _lastRefill).TotalSeconds;
        _lastRefill = now;
        _tokens = Math.Min(_options.Burst, _tokens + (elapsed * _options.TokensPerSecond));
        _tokens -= 1;
        // A negative balance is a reservation: the caller waits until the bucket would have refilled to it.
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _options.TokensPerSecond);
    }
}
