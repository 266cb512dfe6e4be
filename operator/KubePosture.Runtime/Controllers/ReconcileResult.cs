namespace KubePosture.Runtime.Controllers;

/// <summary>
/// What a successful reconcile asks for next (controller-runtime rules): nothing, or the same key again after
/// <see cref="RequeueAfter"/>. A failure is an exception (rate-limited retry) or a
/// <see cref="TerminalReconcileException"/> (reported, not retried).
/// </summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done { get; } = new(null);

    public static ReconcileResult After(TimeSpan delay) =>
        delay < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(delay), delay, "RequeueAfter must not be negative") : new(delay);
}
