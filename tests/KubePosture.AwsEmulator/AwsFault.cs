using System.Collections.Concurrent;

namespace KubePosture.AwsEmulator;

/// <summary>A fault to inject into the next calls of one operation.</summary>
public sealed record AwsFault(AwsFaultKind Kind, int Times = 1, TimeSpan Latency = default, int Status = 0, string? Body = null, string? ContentType = null)
{
    public static AwsFault Throttling(int times = 1) => new(AwsFaultKind.Throttling, times);
    public static AwsFault ServerError(int times = 1) => new(AwsFaultKind.ServerError, times);
    public static AwsFault AccessDenied(int times = int.MaxValue) => new(AwsFaultKind.AccessDenied, times);
    public static AwsFault Delay(TimeSpan latency, int times = 1) => new(AwsFaultKind.Latency, times, latency);

    /// <summary>Answer with this raw body instead (malformed answers).</summary>
    public static AwsFault RawBody(string body, string contentType, int status = 200, int times = 1) => new(AwsFaultKind.RawBody, times, default, status, body, contentType);
}

public enum AwsFaultKind
{
    Throttling,
    ServerError,
    AccessDenied,
    Latency,
    RawBody,
}

/// <summary>Faults per operation, keyed "service:Operation" (for example "ecr:DescribeImageScanFindings").</summary>
public sealed class FaultInjector
{
    private readonly Dictionary<string, List<Pending>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public void Inject(string operation, AwsFault fault)
    {
        lock (_lock)
        {
            if (!_faults.TryGetValue(operation, out var list)) _faults[operation] = list = [];
            list.Add(new Pending(fault, fault.Times));
        }
    }

    public void Clear()
    {
        lock (_lock) _faults.Clear();
    }

    /// <summary>Takes one use of the first pending fault for the operation, if any.</summary>
    public AwsFault? Take(string operation)
    {
        lock (_lock)
        {
            if (!_faults.TryGetValue(operation, out var list) || list.Count == 0) return null;
            var first = list[0];
            if (--first.Remaining <= 0) list.RemoveAt(0);
            return first.Fault;
        }
    }

    private sealed class Pending(AwsFault fault, int remaining)
    {
        public AwsFault Fault { get; } = fault;
        public int Remaining { get; set; } = remaining;
    }
}

/// <summary>One request the emulator received.</summary>
public sealed record RequestLogEntry(string Service, string Operation, string Method, string RawTarget, string? AccessKeyId, string? ScopeRegion, int Status);

/// <summary>Everything the emulator received, in order.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestLogEntry> _entries = new();

    public IReadOnlyList<RequestLogEntry> Entries => _entries.ToArray();

    public int Count => _entries.Count;

    internal void Add(RequestLogEntry entry) => _entries.Enqueue(entry);

    public void Clear() => _entries.Clear();

    public int CountOf(string service, string operation) => _entries.Count(e => e.Service == service && e.Operation == operation);
}
