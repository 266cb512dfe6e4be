namespace KubePosture.Runtime.Informers;

public sealed record InformerOptions
{
    /// <summary>Items per LIST page (the list is paginated with <c>limit</c>/<c>continue</c>).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Server-side <c>timeoutSeconds</c> of each WATCH; the informer then resumes from the last resourceVersion.</summary>
    public int WatchTimeoutSeconds { get; init; } = 300;

    /// <summary>
    /// Idle watchdog: a watch that delivers nothing (not even a bookmark) for this long is abandoned and resumed,
    /// so a silently dead connection cannot stop the informer.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(330);

    /// <summary>First delay after a failed LIST or WATCH; doubles per consecutive failure up to <see cref="MaxErrorBackoff"/>.</summary>
    public TimeSpan ErrorBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxErrorBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called with every LIST/WATCH error (besides logging); errors are never swallowed.</summary>
    public Action<Exception>? OnError { get; init; }

    /// <summary>Called when a list succeeds or a watch delivers again after failures (see <see cref="Informer{T}.FailingSince"/>).</summary>
    public Action? OnRecovered { get; init; }
}
