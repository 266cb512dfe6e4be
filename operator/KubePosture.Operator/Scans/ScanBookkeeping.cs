using System.Collections.Concurrent;
using KubePosture.Api;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Status;

namespace KubePosture.Operator.Scans;

/// <summary>
/// What this process remembers of each PostureScan, in one map: the last scan it completed (generation, rescan value,
/// inventory version, when it is due again), the last change-triggered scan, and the last failure reported. The
/// decision whether a scan is due is <see cref="Decide"/>, a pure function of that state and what the reconcile sees;
/// the map changes only through the named methods.
/// </summary>
public sealed class ScanBookkeeping
{
    /// <summary>How long the same failure is not reported again as an Event (the condition always shows it).</summary>
    public static readonly TimeSpan FailureEventInterval = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<ObjectKey, ScanState> _scans = new();

    /// <summary>What this process knows of <paramref name="key"/>; null before its first scan (or after a restart).</summary>
    public ScanState? Get(ObjectKey key) => _scans.TryGetValue(key, out var state) ? state : null;

    /// <summary>The inventory version the last scan of <paramref name="key"/> by this process read; null before one.</summary>
    public long? InventoryVersionScanned(ObjectKey key) => Get(key)?.Completed?.InventoryVersion;

    /// <summary>A scan completed; a change-triggered one also starts the minimum interval between change rescans.</summary>
    public void Completed(ObjectKey key, CompletedScan scan, bool changeTriggered) =>
        _scans.AddOrUpdate(key,
            _ => new ScanState(scan, changeTriggered ? new ChangeScan(scan.CompletedAt, scan.Duration) : null, null),
            (_, old) => new ScanState(scan, changeTriggered ? new ChangeScan(scan.CompletedAt, scan.Duration) : old.LastChangeScan, null));

    /// <summary>
    /// On this process's first look at the PostureScan only: the last completed scan is adopted from a status written by
    /// an earlier process (see <see cref="FromStatus"/>). Once this process knows the scan, its own record wins.
    /// </summary>
    public void Adopt(ObjectKey key, CompletedScan scan) => _scans.TryAdd(key, new ScanState(scan, null, null));

    /// <summary>
    /// The scan failed, or its spec is invalid or suspended: nothing counts as scanned, so the next reconcile scans
    /// (failures after their backoff). Returns whether an Event should report this failure: not when the same message
    /// was reported within <see cref="FailureEventInterval"/>, so a scan failing in a loop cannot flood Events.
    /// </summary>
    public bool Failed(ObjectKey key, string message, DateTimeOffset now)
    {
        var report = true;
        _scans.AddOrUpdate(key,
            _ => new ScanState(null, null, new ReportedFailure(message, now)),
            (_, old) =>
            {
                if (old.LastFailure is { } last && last.Message == message && now - last.ReportedAt < FailureEventInterval)
                {
                    report = false;
                    return old with { Completed = null };
                }

                return old with { Completed = null, LastFailure = new ReportedFailure(message, now) };
            });
        return report;
    }

    /// <summary>Nothing counts as scanned any more (invalid spec, suspended); the change interval is kept.</summary>
    public void Invalidate(ObjectKey key)
    {
        if (_scans.TryGetValue(key, out var old))
            _scans.TryUpdate(key, old with { Completed = null }, old);
    }

    /// <summary>The PostureScan is gone.</summary>
    public void Forget(ObjectKey key) => _scans.TryRemove(key, out _);

    /// <summary>
    /// Whether the scan of <paramref name="seen"/> is due: now (and whether a cluster change is the reason), at a later
    /// time, or never (no schedule). Pure: the same state and inputs always give the same answer.
    /// </summary>
    public static ScanDecision Decide(ScanState? state, ScanInputs seen, ChangeRescanPolicy policy, DateTimeOffset now)
    {
        if (state?.Completed is not { } done || done.Generation != seen.Generation || done.Rescan != seen.Rescan || done.Exceptions != seen.Exceptions)
            return ScanDecision.Now(changeTriggered: false);

        var due = done.Next;
        if (policy.Enabled && seen.InventoryVersion != done.InventoryVersion)
        {
            // The cluster changed since that scan read it: rescan, at most once per minimum interval counted from the
            // last change-triggered scan (a requested or scheduled scan just before does not delay it).
            var allowed = state.LastChangeScan is { } last ? policy.NextAllowed(last.CompletedAt, last.Duration) : now;
            if (allowed <= now)
                return ScanDecision.Now(changeTriggered: true);
            due = allowed < due ? allowed : due;
        }

        if (due == DateTimeOffset.MaxValue)
            return ScanDecision.NotDue;
        return due > now ? ScanDecision.At(due) : ScanDecision.Now(changeTriggered: false);
    }

    /// <summary>
    /// The last completed scan as a status written by an earlier process (restart, leader change) tells it, when that
    /// status can be trusted: it reflects this generation, its last scan completed and answered the current rescan
    /// value, and it is not Scanning=True (a process killed mid-scan leaves that behind: the scan it was running, and
    /// the change that triggered it, were never assessed, so it runs again). The inventory that status was computed
    /// from is unknown; it counts as the current one, so a restart alone does not rescan every PostureScan.
    /// </summary>
    public static CompletedScan? FromStatus(PostureScan scan, ScanInputs seen, DateTimeOffset now)
    {
        var status = scan.Status;
        var ready = Conditions.Find(status?.Conditions, ConditionTypes.Ready);
        var trusted = status?.ObservedGeneration == seen.Generation && ready?.ObservedGeneration == seen.Generation
            && ready.Reason is ConditionReasons.ScanCompleted or ConditionReasons.ScopeRestricted
            && status.LastScan?.CompletionTime is not null && RescanToken(seen.Rescan) == status.LastHandledRescan
            && !Conditions.IsTrue(status.Conditions, ConditionTypes.Scanning);
        if (!trusted || status!.NextScanTime is not { } next)
            return null;
        var nextAt = new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
        return nextAt <= now ? null : new CompletedScan(seen.Generation, seen.Rescan, nextAt, seen.InventoryVersion, now, TimeSpan.Zero, seen.Exceptions);
    }

    /// <summary>The rescan annotation value as status.lastHandledRescan keeps it (bounded by the CRD's 1,024 characters).</summary>
    public static string? RescanToken(string? rescan) => BoundedText.Token(rescan);
}

/// <summary>What a reconcile sees of a PostureScan that bears on whether it is due.</summary>
/// <param name="Exceptions">The effect of the PostureExceptions the scan applies (<c>ExceptionMatches.EffectOn</c>): a new one,
/// an edit, a deletion or an expiry changes it, a status write does not.</param>
public readonly record struct ScanInputs(long Generation, string? Rescan, long InventoryVersion, string Exceptions = "");

/// <summary>Everything this process remembers of one PostureScan.</summary>
public sealed record ScanState(CompletedScan? Completed, ChangeScan? LastChangeScan, ReportedFailure? LastFailure);

/// <summary>The last scan this process completed (or adopted from status): what it saw and when it is due again.</summary>
public sealed record CompletedScan(long Generation, string? Rescan, DateTimeOffset Next, long InventoryVersion, DateTimeOffset CompletedAt, TimeSpan Duration, string Exceptions = "");

/// <summary>When the last change-triggered scan completed and how long it ran.</summary>
public readonly record struct ChangeScan(DateTimeOffset CompletedAt, TimeSpan Duration);

/// <summary>The last failure reported as an Event.</summary>
public sealed record ReportedFailure(string Message, DateTimeOffset ReportedAt);

/// <summary>Whether a scan is due: now, at a time, or not (no schedule).</summary>
public readonly record struct ScanDecision(ScanDecision.Kind When, DateTimeOffset? DueAt, bool ChangeTriggered)
{
    public enum Kind
    {
        Now,
        At,
        NotDue,
    }

    public static ScanDecision NotDue => new(Kind.NotDue, null, false);

    public static ScanDecision Now(bool changeTriggered) => new(Kind.Now, null, changeTriggered);

    public static ScanDecision At(DateTimeOffset dueAt) => new(Kind.At, dueAt, false);
}
