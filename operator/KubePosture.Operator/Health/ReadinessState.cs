namespace KubePosture.Operator.Health;

/// <summary>
/// What <c>/readyz</c> reports: ready once the informer caches have synced (a standby instance waiting for the lease
/// counts as ready: it can take over at once). <c>/healthz</c> reports liveness of the process.
/// </summary>
public sealed class ReadinessState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, bool> _caches = [];
    private volatile bool _standby;

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
            return pending.Count == 0 ? (true, "caches synced") : (false, "caches not synced: " + string.Join(", ", pending));
        }
    }
}
