using System.Collections.Concurrent;

namespace KubePosture.KubeEmulator;

/// <summary>One served request: who, what verb on which resource, the body's media type (empty without a body), and the HTTP status answered.</summary>
public sealed record RequestLogEntry(
    DateTimeOffset Time,
    string User,
    IReadOnlyList<string> Groups,
    string Method,
    string Path,
    string Verb,
    string Resource,
    string Subresource,
    string Namespace,
    string Name,
    int Code,
    string ContentType = "")
{
    /// <summary>True for a resource request (false for /version, /api, /openapi, ...).</summary>
    public bool IsResourceRequest => Resource.Length > 0;

    public override string ToString() =>
        $"{User} {Verb} {Resource}{(Subresource.Length > 0 ? "/" + Subresource : "")} {Namespace}/{Name} -> {Code}";
}

/// <summary>The requests the emulator served, for tests to assert on (no 403 during a scan, how many LISTs it made).</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestLogEntry> _entries = new();
    private readonly int _capacity;

    internal RequestLog(int capacity) => _capacity = capacity;

    public IReadOnlyList<RequestLogEntry> Entries => [.. _entries];

    public int Count(Func<RequestLogEntry, bool> predicate) => _entries.Count(predicate);

    public void Clear() => _entries.Clear();

    internal void Add(RequestLogEntry entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > _capacity && _entries.TryDequeue(out _))
        {
        }
    }
}
