using KubePosture.Inventory;

namespace KubePosture.Operator.Scans;

/// <summary>
/// Watches the <see cref="InventoryStore"/> and, once its changes are due by the <see cref="ChangeRescanPolicy"/>
/// (quiet period, maximum delay), asks for every PostureScan to be reconciled; the reconciler then scans those whose
/// last scan predates the change and whose minimum interval has passed. The store only reports real changes (a new
/// resourceVersion, an added or removed object), and the operator's own writes (status, Events, reports, Leases) are
/// not inventory, so nothing here loops.
/// </summary>
public sealed class ChangeRescanTrigger : IDisposable
{
    private readonly InventoryStore _store;
    private readonly ChangeRescanPolicy _policy;
    private readonly TimeProvider _time;
    private readonly Action _reconcileAll;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private DateTimeOffset? _firstChange;
    private DateTimeOffset _lastChange;
    private bool _disposed;

    /// <param name="store">The inventory whose changes count.</param>
    /// <param name="policy">Quiet period and maximum delay.</param>
    /// <param name="time">The clock.</param>
    /// <param name="reconcileAll">Enqueues every PostureScan.</param>
    public ChangeRescanTrigger(InventoryStore store, ChangeRescanPolicy policy, TimeProvider time, Action reconcileAll)
    {
        _store = store;
        _policy = policy;
        _time = time;
        _reconcileAll = reconcileAll;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (policy.Enabled)
            store.Changed += OnChanged;
    }

    /// <summary>Times the reconcile of every scan was requested (tests).</summary>
    public int Fired { get; private set; }

    /// <summary>A change was seen and its reconcile not yet requested.</summary>
    public bool Pending
    {
        get
        {
            lock (_lock)
                return _firstChange is not null;
        }
    }

    private void OnChanged()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            var now = _time.GetUtcNow();
            _firstChange ??= now;
            _lastChange = now;
            Schedule(now);
        }
    }

    private void Schedule(DateTimeOffset now)
    {
        var due = _policy.DueAt(_firstChange!.Value, _lastChange);
        var wait = due - now;
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        lock (_lock)
        {
            if (_disposed || _firstChange is null)
                return;
            var now = _time.GetUtcNow();
            if (_policy.DueAt(_firstChange.Value, _lastChange) > now)
            {
                Schedule(now); // A change arrived after this timer was set: wait for quiet again.
                return;
            }

            _firstChange = null;
            Fired++;
        }

        _reconcileAll();
    }

    public void Dispose()
    {
        lock (_lock)
            _disposed = true;
        _store.Changed -= OnChanged;
        _timer.Dispose();
    }
}
