using KubePosture.Runtime.Queue;

namespace KubePosture.Runtime.Controllers;

public sealed record ControllerOptions
{
    /// <summary>Names the controller in logs and metrics.</summary>
    public required string Name { get; init; }

    /// <summary>Keys reconciled in parallel (never the same key twice at once).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Every key in the cache is queued again this often (a safety net; the reconciler must be idempotent). Null: off.</summary>
    public TimeSpan? ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    public RateLimiterOptions RateLimiter { get; init; } = new();
}
