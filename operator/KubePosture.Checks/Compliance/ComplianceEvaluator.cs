using KubePosture.Checks.Model;

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
/// Manual and AWS-managed controls are reported as such whatever the scan found.
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
            var by = suppressed.Select(s => s.By).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            return new ControlResult(control, ControlOutcome.Excepted, [.. suppressed.Select(s => s.Finding)],
                $"every failing finding is suppressed, by {string.Join(", ", by.Take(3))}{(by.Length > 3 ? $" and {by.Length - 3} more" : "")}");
        }

        return new ControlResult(control, ControlOutcome.Pass, [], $"passed: {string.Join(", ", checkIds)} ran and found nothing");
    }
}
