using KubePosture.Checks.Exceptions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Compliance;

/// <summary>
/// The one place that turns a scan's evidence into control results. For an automated control, in this order:
/// <list type="number">
/// <item><b>fail</b> when a check that decides it has an active finding (or findings the scan's minimum severity dropped):
/// a known failure stands even when another of its checks did not run;</item>
/// <item><b>not-evaluated</b> when one of its checks did not run (source unavailable, out of scope, no AWS, excluded by the
/// selection): never passed;</item>
/// <item><b>excepted</b> when every finding of its checks is suppressed;</item>
/// <item><b>pass</b> otherwise: every check ran and found nothing.</item>
/// </list>
/// Manual and AWS-managed controls are reported as such whatever the scan found. A Pod Security Standards control is
/// decided by the Pod Security evaluator, per workload at its namespace's version, in the same order (see
/// <see cref="EvaluatePodSecurity"/>).
/// </summary>
public static class ComplianceEvaluator
{
    public static FrameworkResult Evaluate(ComplianceFramework framework, ComplianceEvidence evidence)
        => new(framework, [.. framework.Controls.Select(c => Evaluate(c, evidence))]);

    public static ControlResult Evaluate(ComplianceControl control, ComplianceEvidence evidence)
    {
        switch (control.Assessment)
        {
            case ControlAssessment.Manual manual:
                return new ControlResult(control, ControlOutcome.Manual, [], manual.Guidance);
            case ControlAssessment.AwsManaged aws:
                return new ControlResult(control, ControlOutcome.AwsManaged, [], aws.Note);
        }

        var automated = (ControlAssessment.Automated)control.Assessment;
        if (automated.PodSecurity is { } podSecurity)
            return EvaluatePodSecurity(control, automated, podSecurity, evidence);
        var checkIds = automated.CheckIds;
        var counts = automated.Filter is { } filter ? filter.Matches : _ => true;
        var failing = new List<Finding>();
        var failedChecks = new List<string>();
        foreach (var id in checkIds)
        {
            var before = failing.Count;
            failing.AddRange(evidence.ActiveOf(id).Where(counts));
            var dropped = automated.Filter is null ? evidence.BelowMinimumOf(id) : 0;
            if (failing.Count > before)
                failedChecks.Add($"{id} ({failing.Count - before} finding(s))");
            else if (dropped > 0)
                failedChecks.Add($"{id} ({dropped} finding(s) below the scan's minimum severity, not listed)");
        }

        if (failedChecks.Count > 0)
            return new ControlResult(control, ControlOutcome.Fail, failing, "failed: " + string.Join("; ", failedChecks));

        var notRun = checkIds.Select(id => (Id: id, Reason: evidence.NotRunReason(id))).Where(c => c.Reason is not null).ToArray();
        if (notRun.Length > 0)
            return new ControlResult(control, ControlOutcome.NotEvaluated, [], "not evaluated: " + string.Join("; ", notRun.Select(c => $"{c.Id}: {c.Reason}")));

        var suppressed = checkIds.SelectMany(evidence.SuppressedOf).Where(s => counts(s.Finding)).ToArray();
        if (suppressed.Length > 0)
        {
            return new ControlResult(control, ControlOutcome.Excepted, [.. suppressed.Select(s => s.Finding)],
                $"every failing finding is suppressed, by {SuppressedBy(suppressed)}");
        }

        return new ControlResult(control, ControlOutcome.Pass, [], $"passed: {string.Join(", ", checkIds)} ran and found nothing");
    }

    /// <summary>
    /// A Pod Security Standards control, as admission decides it: the workloads in the scan's scope that break it at
    /// their namespace's enforce version fail it, whether or not a check reports them.
    /// <list type="number">
    /// <item><b>fail</b> when a failing workload is not wholly excepted: it has an active finding of the control's checks,
    /// or none at all (no check covers the control, the check did not run, or its finding fell below the minimum
    /// severity). The result lists the active findings; the reason names the workloads;</item>
    /// <item><b>not-evaluated</b> when a workload source was unreadable (or the evidence carries no inventory);</item>
    /// <item><b>excepted</b> when every failing workload's findings of the control's checks are suppressed (and those checks all ran);</item>
    /// <item><b>pass</b> when every workload in scope meets the control (a version without the control cannot fail it).</item>
    /// </list>
    /// </summary>
    private static ControlResult EvaluatePodSecurity(ComplianceControl control, ControlAssessment.Automated automated, PodSecurityDecision decision, ComplianceEvidence evidence)
    {
        if (evidence.Inventory is not { } inventory)
            return new ControlResult(control, ControlOutcome.NotEvaluated, [], "not evaluated: the scan's workloads were not given to the compliance view");

        var counts = automated.Filter is { } filter ? filter.Matches : _ => true;
        var checksRan = automated.CheckIds.All(id => evidence.NotRunReason(id) is null);
        var active = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        var unexcepted = new List<string>();
        var excepted = 0;
        foreach (var (w, version, failed) in evidence.PodSecurityFailures)
        {
            if (!decision.BrokenBy(failed, version))
                continue;
            var own = automated.CheckIds.SelectMany(id => evidence.ActiveOf(id, w.Ref)).Where(counts).ToList();
            var ownSuppressed = automated.CheckIds.SelectMany(id => evidence.SuppressedOf(id, w.Ref)).Where(s => counts(s.Finding)).ToList();
            if (own.Count == 0 && ownSuppressed.Count > 0 && checksRan)
            {
                suppressed.AddRange(ownSuppressed);
                excepted++;
                continue;
            }

            active.AddRange(own);
            unexcepted.Add($"{w.Ref.Kind} {w.Namespace}/{w.Ref.Name}");
        }

        var what = control.Id;
        if (unexcepted.Count > 0)
        {
            return new ControlResult(control, ControlOutcome.Fail, active,
                $"failed: {unexcepted.Count} workload(s) break {what} at their namespace's Pod Security version: {FirstFew(unexcepted)}");
        }

        var unreadable = InventorySource.Workloads.Where(inventory.UnavailableSources.ContainsKey).ToArray();
        if (unreadable.Length > 0)
            return new ControlResult(control, ControlOutcome.NotEvaluated, [], "not evaluated: " + string.Join("; ", unreadable.Select(s => $"source {s} unavailable: {inventory.UnavailableSources[s]}")));

        if (excepted > 0)
        {
            return new ControlResult(control, ControlOutcome.Excepted, [.. suppressed.Select(s => s.Finding)],
                $"every failing workload's findings are suppressed ({excepted} workload(s)), by {SuppressedBy(suppressed)}");
        }

        return new ControlResult(control, ControlOutcome.Pass, [], $"passed: every workload in scope meets {what} at its namespace's Pod Security version");
    }

    /// <summary>The exceptions that suppressed the findings, in order, for a reason.</summary>
    private static string SuppressedBy(IEnumerable<SuppressedFinding> suppressed) =>
        FirstFew([.. suppressed.Select(s => s.By).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

    /// <summary>"a, b, c and 4 more".</summary>
    private static string FirstFew(IReadOnlyList<string> items) => ListText.FirstFew(items, 3);
}
