namespace KubePosture.Operator.Health;

/// <summary>
/// What <c>/readyz</c> reports: ready once the informer caches have synced and no source has been unreadable for longer
/// than the inventory's bound (a relist failing, a watch that cannot resume); a standby instance waiting for the lease
/// counts as ready: it can take over at once. <c>/healthz</c> reports liveness of the process.
/// </summary>
public sealed class ReadinessState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, bool> _caches = [];
    private readonly Dictionary<string, string> _unreachable = [];
    private volatile bool _standby;

    /// <summary>A source has been unreadable for too long: not ready, naming it, until <see cref="MarkReachable"/>.</summary>
    public void MarkUnreachable(string source, string reason)
    {
        lock (_lock)
        {
            _unreachable[source] = reason;
        }
    }

    public void MarkReachable(string source)
    {
        lock (_lock)
        {
            _unreachable.Remove(source);
        }
    }

    public void Register(string cache)
    {
        lock (_lock)
        {
            _caches.TryAdd(cache, false);
        }
    }

    public void MarkSynced(string cache)
    {
        lock (_lock)
        {
            _caches[cache] = true;
        }
    }

    public void SetStandby(bool standby) => _standby = standby;

    public (bool Ready, string Detail) Check()
    {
        if (_standby)
        {
            return (true, "standby: waiting for leadership");
        }

        lock (_lock)
        {
            if (_caches.Count == 0)
            {
                return (false, "caches not started");
            }

            var pending = _caches.Where(c => !c.Value).Select(c => c.Key).ToList();
            if (pending.Count > 0)
            {
                return (false, "caches not synced: " + string.Join(", ", pending));
            }

            return _unreachable.Count == 0
                ? (true, "caches synced")
                : (false, "sources unreadable: " + string.Join("; ", _unreachable.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} ({p.Value})")));
        }
    }
}
