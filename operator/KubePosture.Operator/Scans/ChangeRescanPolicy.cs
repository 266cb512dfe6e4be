namespace KubePosture.Operator.Scans;

/// <summary>
/// When a change in the cluster rescans: the inventory must have been quiet for <see cref="QuietPeriod"/> (a rollout's
/// burst of pod events is one change), but never later than <see cref="MaxDelay"/> after the first unhandled change
/// (constant churn cannot starve it); and a PostureScan is rescanned for changes at most once per
/// <see cref="MinInterval"/> or twice its last change-triggered scan's duration, whichever is longer, so a churning
/// 50,000-pod cluster is not scanned back to back.
/// </summary>
public sealed record ChangeRescanPolicy
{
    public static readonly ChangeRescanPolicy Default = new();

    /// <summary>False: scans run on creation, spec changes, the rescan annotation and the schedule only.</summary>
    public bool Enabled { get; init; } = true;

    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When the changes seen so far are due: quiet since the last one, or the longest wait since the first.</summary>
    public DateTimeOffset DueAt(DateTimeOffset firstChange, DateTimeOffset lastChange)
    {
        var quiet = lastChange + QuietPeriod;
        var latest = firstChange + MaxDelay;
        return quiet < latest ? quiet : latest;
    }

    /// <summary>The earliest time a scan that completed at <paramref name="completedAt"/> after running <paramref name="duration"/> may be repeated for a change.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset completedAt, TimeSpan duration)
    {
        var twice = duration * 2;
        return completedAt + (twice > MinInterval ? twice : MinInterval);
    }
}
