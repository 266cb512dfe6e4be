namespace KubePosture.Runtime.Queue;

/// <summary>
/// The controller work queue (client-go semantics): a key queued twice is processed once; a key being processed
/// is never handed out again until <see cref="Done"/>, and if it was added meanwhile it is queued again then;
/// delayed and rate-limited adds run on the <see cref="TimeProvider"/>'s timers. A timer never waits longer than
/// <see cref="MaxTimerStep"/> at once (timers refuse more than about 49.7 days): a longer delay waits in steps, and a
/// delay too large for the calendar waits until <see cref="DateTimeOffset.MaxValue"/>, so no delay can throw.
/// </summary>
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _ready = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, (DateTimeOffset Due, ITimer Timer, object Token)> _waiting = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private readonly RetryRateLimiter<TKey> _limiter;
    private bool _shutDown;

    /// <summary>Longest single timer wait; longer delays re-arm the timer until they are due.</summary>
    public static readonly TimeSpan MaxTimerStep = TimeSpan.FromDays(1);

    public WorkQueue(TimeProvider time, RateLimiterOptions? rateLimiter = null)
    {
        _time = time;
        _limiter = new RetryRateLimiter<TKey>(rateLimiter ?? new RateLimiterOptions());
    }

    /// <summary>Keys queued and not yet handed out (what <c>kubeposture_workqueue_depth</c> reports).</summary>
    public int Depth
    {
        get
        {
            lock (_lock)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Keys handed out to a worker and not yet <see cref="Done"/>.</summary>
    public int Processing
    {
        get
        {
            lock (_lock)
            {
                return _processing.Count;
            }
        }
    }

    /// <summary>Keys waiting for a delayed add.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    public bool IsShutDown
    {
        get
        {
            lock (_lock)
            {
                return _shutDown;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_lock)
        {
            if (_shutDown || !_dirty.Add(key))
            {
                return;
            }

            if (_processing.Contains(key))
            {
                return; // Queued again by Done.
            }

            _ready.Enqueue(key);
        }

        _available.Release();
    }

    /// <summary>Adds the key after <paramref name="delay"/>. An earlier pending delayed add of the same key wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (_shutDown)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var due = delay >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + delay;
            if (_waiting.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            var token = new object();
            var timer = _time.CreateTimer(state => FireWaiting(key, state!), token, Step(delay), Timeout.InfiniteTimeSpan);
            _waiting[key] = (due, timer, token);
        }
    }

    /// <summary>
    /// Adds the key after its rate-limited backoff (a failed reconcile), at least <paramref name="atLeast"/> (the
    /// server's Retry-After), never longer than the limiter's maximum delay.
    /// </summary>
    public TimeSpan AddRateLimited(TKey key, TimeSpan? atLeast = null)
    {
        var delay = _limiter.When(key, atLeast);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Resets the key's backoff (a successful reconcile).</summary>
    public void Forget(TKey key) => _limiter.Forget(key);

    public int Failures(TKey key) => _limiter.Failures(key);

    /// <summary>Waits for the next key; <c>Got</c> is false once the queue is shut down.</summary>
    public async Task<(bool Got, TKey Key)> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_shutDown && _ready.Count == 0)
                {
                    return (false, default!);
                }
            }

            await _available.WaitAsync(cancellationToken);
            lock (_lock)
            {
                if (_ready.Count == 0)
                {
                    continue; // Released by ShutDown.
                }

                var key = _ready.Dequeue();
                _dirty.Remove(key);
                _processing.Add(key);
                return (true, key);
            }
        }
    }

    /// <summary>Marks the key processed; if it was added while processing, it is queued again.</summary>
    public void Done(TKey key)
    {
        var requeued = false;
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !_shutDown)
            {
                _ready.Enqueue(key);
                requeued = true;
            }
        }

        if (requeued)
        {
            _available.Release();
        }
    }

    /// <summary>Stops accepting keys; waiting consumers get null.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            if (_shutDown)
            {
                return;
            }

            _shutDown = true;
            _ready.Clear();
            _dirty.Clear();
            foreach (var (_, timer, _) in _waiting.Values)
            {
                timer.Dispose();
            }

            _waiting.Clear();
        }

        _available.Release(int.MaxValue / 2);
    }

    public void Dispose()
    {
        ShutDown();
        _available.Dispose();
    }

    private void FireWaiting(TKey key, object token)
    {
        lock (_lock)
        {
            if (!_waiting.TryGetValue(key, out var entry) || !ReferenceEquals(entry.Token, token))
            {
                return; // Replaced by an earlier delayed add, or shut down.
            }

            entry.Timer.Dispose();
            var left = entry.Due - _time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                // A long delay waits in steps: arm the next one, same token.
                var timer = _time.CreateTimer(state => FireWaiting(key, state!), token, Step(left), Timeout.InfiniteTimeSpan);
                _waiting[key] = (entry.Due, timer, token);
                return;
            }

            _waiting.Remove(key);
        }

        Add(key);
    }

    private static TimeSpan Step(TimeSpan delay) => delay < MaxTimerStep ? delay : MaxTimerStep;
}
