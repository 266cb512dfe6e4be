namespace KubePosture.Aws.Telemetry;

/// <summary>
/// Counts the AWS requests (each attempt) made inside one logical operation, such as one scan's collection, across
/// its awaits: <see cref="AwsMetrics.RecordRequest"/> adds to the counter of the current async flow. A request a
/// concurrent scan made and this one reused from a cache is not counted here: it cost this scan nothing.
/// </summary>
public sealed class AwsCallCounter : IDisposable
{
    private static readonly AsyncLocal<AwsCallCounter?> CurrentCounter = new();
    private readonly AwsCallCounter? _outer;
    private long _count;

    private AwsCallCounter()
    {
        _outer = CurrentCounter.Value;
        CurrentCounter.Value = this;
    }

    /// <summary>Requests counted so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Starts counting the requests of the current async flow until disposed.</summary>
    public static AwsCallCounter Begin() => new();

    internal static void Add()
    {
        for (var counter = CurrentCounter.Value; counter is not null; counter = counter._outer)
            Interlocked.Increment(ref counter._count);
    }

    public void Dispose() => CurrentCounter.Value = _outer;
}
