namespace KubePosture.Operator.Scans;

/// <summary>
/// Gives back what a large scan leaves behind as soon as it ends. A scan of a big cluster allocates a few hundred MiB
/// (snapshot, findings, status) that is garbage once its status is written; at its own pace the GC keeps that memory
/// committed for reuse, and the process sits near its peak between scans. After a scan that allocated at least
/// <see cref="ThresholdBytes"/>, an aggressive collection compacts the heap and returns the free memory to the system:
/// tens of milliseconds after a scan of seconds; scans of small clusters never trigger it.
/// </summary>
public sealed class ScanMemory
{
    public const long DefaultThresholdBytes = 64L * 1024 * 1024;

    private readonly Action _collect;
    private readonly Func<long> _allocated;
    private long _collections;

    /// <param name="thresholdBytes">Allocation during a scan that makes it worth a collection.</param>
    /// <param name="collect">The collection (tests count it).</param>
    /// <param name="allocated">The process's allocation counter (tests drive it).</param>
    public ScanMemory(long thresholdBytes = DefaultThresholdBytes, Action? collect = null, Func<long>? allocated = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thresholdBytes);
        ThresholdBytes = thresholdBytes;
        _collect = collect ?? Collect;
        _allocated = allocated ?? (static () => GC.GetTotalAllocatedBytes(precise: false));
    }

    public long ThresholdBytes { get; }

    /// <summary>Collections this instance induced.</summary>
    public long Collections => Interlocked.Read(ref _collections);

    /// <summary>The process's allocation counter before a scan.</summary>
    public long Mark() => _allocated();

    /// <summary>Collects when the process allocated at least the threshold since <paramref name="mark"/>; true when it did.</summary>
    public bool AfterScan(long mark)
    {
        if (_allocated() - mark < ThresholdBytes)
        {
            return false;
        }

        _collect();
        Interlocked.Increment(ref _collections);
        return true;
    }

    private static void Collect() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
