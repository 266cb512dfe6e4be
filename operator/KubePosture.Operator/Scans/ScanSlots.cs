namespace KubePosture.Operator.Scans;

/// <summary>
/// Who may scan now. At most <c>maxConcurrentScans</c> scans run at once (each holds a snapshot, its findings and its
/// status in memory), and of those at most one rescan triggered by a cluster change: a change wakes every PostureScan,
/// and that wave of background refreshes runs one scan at a time, so its memory is one scan's whatever the number of
/// PostureScans, while scans someone asked for (a new or edited PostureScan, the rescan annotation) and scheduled scans
/// keep the other slot.
/// </summary>
public sealed class ScanSlots : IDisposable
{
    private readonly SemaphoreSlim _scans;
    private readonly SemaphoreSlim _changeScans = new(1, 1);
    private long _changeScansStarted;

    public ScanSlots(int maxConcurrentScans)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentScans, 1);
        _scans = new SemaphoreSlim(maxConcurrentScans, maxConcurrentScans);
    }

    /// <summary>Waits for a slot (and, for a change-triggered rescan, for the change slot first); dispose to release.</summary>
    public async Task<IDisposable> AcquireAsync(bool changeTriggered, CancellationToken cancellationToken)
    {
        if (changeTriggered)
        {
            await _changeScans.WaitAsync(cancellationToken);
        }

        try
        {
            await _scans.WaitAsync(cancellationToken);
        }
        catch
        {
            if (changeTriggered)
            {
                _changeScans.Release();
            }

            throw;
        }

        if (changeTriggered)
        {
            Interlocked.Increment(ref _changeScansStarted);
        }

        return new Lease(this, changeTriggered);
    }

    /// <summary>Change-triggered rescans that went through the change slot (tests assert the reconciler routes them here).</summary>
    public long ChangeScansStarted => Interlocked.Read(ref _changeScansStarted);

    public void Dispose()
    {
        _scans.Dispose();
        _changeScans.Dispose();
    }

    private sealed class Lease(ScanSlots slots, bool changeTriggered) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            slots._scans.Release();
            if (changeTriggered)
            {
                slots._changeScans.Release();
            }
        }
    }
}
