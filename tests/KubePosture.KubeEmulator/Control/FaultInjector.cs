namespace KubePosture.KubeEmulator;

/// <summary>
/// Failure injection for resilience tests: latency on every request, the next N requests of a verb/resource
/// failing with a chosen status (500, 429 with Retry-After, 504, ...), dropping every open watch, and compacting
/// the watch history so that resuming answers 410 Gone.
/// </summary>
public sealed class FaultInjector
{
    private sealed class PlannedFailure
    {
        public required string Verb { get; init; }
        public required string Resource { get; init; }
        public required int StatusCode { get; init; }
        public int? RetryAfterSeconds { get; init; }
        public int Remaining { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly List<PlannedFailure> _planned = [];
    private readonly Func<int> _dropWatches;
    private readonly Action _compact;

    internal FaultInjector(Func<int> dropWatches, Action compact)
    {
        _dropWatches = dropWatches;
        _compact = compact;
    }

    /// <summary>Added before every request is answered (0 = none).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// The next <paramref name="count"/> requests with this verb (get, list, watch, create, update, patch, delete,
    /// deletecollection or *) on this resource ("pods", "deployments.apps", "pods/status" or *) fail with
    /// <paramref name="statusCode"/>; 429 and 503 carry Retry-After when <paramref name="retryAfterSeconds"/> is set.
    /// </summary>
    public void FailNext(string verb, string resource, int count, int statusCode, int? retryAfterSeconds = null)
    {
        lock (_gate)
        {
            _planned.Add(new PlannedFailure { Verb = verb, Resource = resource, StatusCode = statusCode, RetryAfterSeconds = retryAfterSeconds, Remaining = count });
        }
    }

    /// <summary>Ends every open watch stream now; returns how many were open.</summary>
    public int DropAllWatches() => _dropWatches();

    /// <summary>Forgets the watch history: watches resuming from an earlier resourceVersion get 410 Gone.</summary>
    public void CompactHistory() => _compact();

    /// <summary>Removes every planned failure and the latency.</summary>
    public void Reset()
    {
        lock (_gate) _planned.Clear();
        Latency = TimeSpan.Zero;
    }

    internal (int StatusCode, int? RetryAfterSeconds)? TakeFailure(string verb, string groupResource, string subresource)
    {
        lock (_gate)
        {
            foreach (var p in _planned)
            {
                if (p.Remaining <= 0) continue;
                if (p.Verb != "*" && p.Verb != verb) continue;
                var full = subresource.Length > 0 ? groupResource + "/" + subresource : groupResource;
                if (p.Resource != "*" && p.Resource != groupResource && p.Resource != full) continue;
                p.Remaining--;
                return (p.StatusCode, p.RetryAfterSeconds);
            }
            _planned.RemoveAll(p => p.Remaining <= 0);
            return null;
        }
    }
}
