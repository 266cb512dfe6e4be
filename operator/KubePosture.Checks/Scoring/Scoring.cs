using KubePosture.Checks.Engine;
using KubePosture.Checks.Exceptions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Scoring;

/// <summary>
/// Summarises a scan. Score: every check that ran weighs by severity (Critical 10, High 6, Medium 3, Low 1,
/// Info 0); a failed check (one with an active finding) weighs by its worst active finding, a passed one by its
/// default severity; score = floor(100 × passed weight / total weight), 100 when nothing weighed. So one
/// failing Critical check costs more than several failing Low ones, 100 means nothing failed, and checks not
/// evaluated neither help nor hurt. Suppressed findings do not count against the score.
/// </summary>
public static class Scoring
{
    public static int Weight(Severity severity) => severity switch
    {
        Severity.Critical => 10,
        Severity.High => 6,
        Severity.Medium => 3,
        Severity.Low => 1,
        _ => 0,
    };

    public static ScanSummary Summarize(EngineResult engine, ExceptionOutcome? exceptions, ClusterInventory inventory)
    {
        var active = exceptions?.Active ?? engine.Findings;
        var worstByCheck = new Dictionary<string, Severity>(StringComparer.Ordinal);
        int critical = 0, high = 0, medium = 0, low = 0, info = 0;
        foreach (var finding in active)
        {
            switch (finding.Severity)
            {
                case Severity.Critical: critical++; break;
                case Severity.High: high++; break;
                case Severity.Medium: medium++; break;
                case Severity.Low: low++; break;
                default: info++; break;
            }

            if (!worstByCheck.TryGetValue(finding.CheckId, out var worst) || finding.Severity > worst)
                worstByCheck[finding.CheckId] = finding.Severity;
        }

        var defaults = engine.Descriptors.ToDictionary(d => d.Id, d => d.DefaultSeverity, StringComparer.Ordinal);
        long total = 0, passed = 0;
        var failedChecks = 0;
        foreach (var id in engine.ChecksRun)
        {
            if (worstByCheck.TryGetValue(id, out var worst))
            {
                failedChecks++;
                total += Weight(worst);
            }
            else
            {
                var weight = Weight(defaults.GetValueOrDefault(id, Severity.Medium));
                total += weight;
                passed += weight;
            }
        }

        var score = total == 0 ? 100 : (int)Math.Floor(100.0 * passed / total);
        return new ScanSummary(
            critical, high, medium, low, info,
            exceptions?.Suppressed.Count ?? 0,
            failedChecks,
            engine.ChecksRun.Count - failedChecks,
            engine.ChecksNotEvaluated.Count,
            score,
            CountLevels(inventory));
    }

    /// <summary>Counts workloads by the level their pod spec meets at their namespace's enforce version (<see cref="WorkloadPodSecurity"/>).</summary>
    public static PodSecurityLevelCounts CountLevels(ClusterInventory inventory)
    {
        int privileged = 0, baseline = 0, restricted = 0;
        foreach (var workload in inventory.Workloads)
        {
            switch (WorkloadPodSecurity.Level(inventory, workload))
            {
                case PodSecurityLevel.Restricted: restricted++; break;
                case PodSecurityLevel.Baseline: baseline++; break;
                default: privileged++; break;
            }
        }

        return new PodSecurityLevelCounts(privileged, baseline, restricted);
    }
}
