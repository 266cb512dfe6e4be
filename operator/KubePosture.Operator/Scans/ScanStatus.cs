using k8s;
using KubePosture.Api;
using KubePosture.Checks.Compliance;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Runtime.Status;

namespace KubePosture.Operator.Scans;

/// <summary>Builds PostureScan status from a scan's outcome; every method returns whether the status changed.</summary>
public static class ScanStatus
{
    /// <summary>Applies <paramref name="apply"/> to the scan's status; true when its JSON changed.</summary>
    public static bool Mutate(PostureScan scan, Action<PostureScanStatus> apply)
    {
        var before = scan.Status is null ? null : KubernetesJson.Serialize(scan.Status);
        scan.Status ??= new PostureScanStatus();
        scan.Status.Conditions ??= [];
        apply(scan.Status);
        return before != KubernetesJson.Serialize(scan.Status);
    }

    /// <summary>Sets a condition; its message is bounded (<see cref="BoundedText"/>) whatever went into it.</summary>
    public static void SetCondition(PostureScanStatus status, string type, string value, string reason, string message, long generation, DateTimeOffset now) =>
        Conditions.Set(status.Conditions!, new k8s.Models.V1Condition { Type = type, Status = value, Reason = reason, Message = BoundedText.Bound(message), ObservedGeneration = generation }, now);

    /// <summary>Writes the result of a completed scan.</summary>
    /// <param name="status">The status to fill.</param>
    /// <param name="spec">The (normalized) spec that was scanned.</param>
    /// <param name="scanNamespace">The scan's namespace.</param>
    /// <param name="generation">The generation that was scanned.</param>
    /// <param name="rescan">The <c>kubeposture.io/rescan</c> value the scan answered, as a bounded token.</param>
    /// <param name="result">What the scan found.</param>
    /// <param name="timing">When it ran.</param>
    /// <param name="scopeRestriction">The tenancy message when the spec asked for more than its namespace.</param>
    /// <param name="warnings">Spec warnings to show in Ready's message.</param>
    /// <param name="next">When the next scan is due.</param>
    public static void Completed(PostureScanStatus status, PostureScanSpec spec, string scanNamespace, long generation, string? rescan, ScanResult result, ScanTiming timing, string? scopeRestriction, IReadOnlyList<string> warnings, DateTimeOffset? next)
    {
        var summary = result.Summary;
        status.ObservedGeneration = generation;
        status.LastHandledRescan = rescan;
        status.LastScan = new LastScanStatus
        {
            StartTime = timing.Started.UtcDateTime,
            CompletionTime = timing.Completed.UtcDateTime,
            DurationSeconds = Math.Round(timing.Duration.TotalSeconds, 3),
            ObjectsEvaluated = result.Engine.ObjectsEvaluated,
            ChecksRun = result.Engine.ChecksRun.Count,
            AwsCalls = result.AwsCalls,
        };
        status.NextScanTime = next?.UtcDateTime;
        status.Summary = new ScanSummaryStatus
        {
            Critical = summary.Critical,
            High = summary.High,
            Medium = summary.Medium,
            Low = summary.Low,
            Info = summary.Info,
            Suppressed = summary.Suppressed,
            FailedChecks = summary.FailedChecks,
            PassedChecks = summary.PassedChecks,
            NotEvaluatedChecks = summary.NotEvaluatedChecks,
            Score = summary.Score,
            PodSecurity = new PodSecurityCounts
            {
                Restricted = summary.PodSecurityLevels.Restricted,
                Baseline = summary.PodSecurityLevels.Baseline,
                Privileged = summary.PodSecurityLevels.Privileged,
            },
        };
        var max = spec.Reporting?.MaxFindingsInStatus ?? ReportingSpec.DefaultMaxFindingsInStatus;
        status.TopFindings = [.. result.Exceptions.Active.Take(max).Select(f => new TopFinding
        {
            CheckId = f.CheckId,
            Severity = f.Severity.ToString(),
            Resource = new FindingResource { ApiVersion = f.Resource.ApiVersion, Kind = f.Resource.Kind, Namespace = f.Resource.Namespace, Name = f.Resource.Name },
            Message = f.Message.Length > 1024 ? f.Message[..1021] + "..." : f.Message,
        })];

        status.NotEvaluated = NotEvaluated(result.Engine.ChecksNotEvaluated);
        status.Compliance = ComplianceStatus(result.Compliance);

        var now = timing.Completed;
        var total = summary.TotalFindings;
        var readyMessage = $"scan completed: {total} active findings ({summary.Critical} critical, {summary.High} high), score {summary.Score}";
        if (result.Compliance.Count > 0)
            readyMessage += $"; {result.Compliance[0].Headline}" + (result.Compliance.Count > 1 ? $" (and {result.Compliance.Count - 1} more framework(s) in status.compliance)" : "");
        if (warnings.Count + result.Notes.Count > 0)
        {
            readyMessage += "; warnings: " + BoundedText.Join("; ", [.. warnings, .. result.Notes], BoundedText.MaxConditionMessage - readyMessage.Length - 16);
        }

        if (scopeRestriction is not null)
        {
            SetCondition(status, ConditionTypes.Ready, Conditions.False, ConditionReasons.ScopeRestricted, $"{scopeRestriction}; assessed only namespace {scanNamespace}", generation, now);
        }
        else
        {
            SetCondition(status, ConditionTypes.Ready, Conditions.True, ConditionReasons.ScanCompleted, readyMessage, generation, now);
        }

        var failOn = Enum.TryParse<Severity>(spec.FailOn, out var f) ? f : Severity.High;
        var atThreshold = result.Exceptions.Active.Count(x => x.Severity >= failOn);
        if (atThreshold == 0)
        {
            SetCondition(status, ConditionTypes.Compliant, Conditions.True, ConditionReasons.NoFindingsAtThreshold, $"no active finding at or above {failOn}", generation, now);
        }
        else
        {
            SetCondition(status, ConditionTypes.Compliant, Conditions.False, ConditionReasons.FindingsAtThreshold, $"{atThreshold} active findings at or above {failOn}", generation, now);
        }

        var unavailable = result.UnavailableSources
            .Where(p => p.Value.Degrades)
            .Select(p => $"{p.Key} ({p.Value})")
            .ToList();
        if (unavailable.Count > 0)
        {
            var forbidden = result.UnavailableSources.Values.Any(v => v.Kind == SourceProblemKind.Forbidden);
            SetCondition(status, ConditionTypes.Degraded, Conditions.True, forbidden ? ConditionReasons.SourceForbidden : ConditionReasons.SourceUnavailable,
                $"partial results: {BoundedText.Join("; ", unavailable, BoundedText.MaxConditionMessage - 64)}; {result.Engine.ChecksNotEvaluated.Count} checks not evaluated", generation, now);
        }
        else
        {
            SetCondition(status, ConditionTypes.Degraded, Conditions.False, ConditionReasons.AllSourcesAvailable, "every source was read", generation, now);
        }

        SetCondition(status, ConditionTypes.Scanning, Conditions.False, ConditionReasons.Idle, "no scan running", generation, now);
    }

    /// <summary>One bounded entry per framework: counts per result, score, the first failing controls and the headline.</summary>
    private static List<ComplianceFrameworkStatus>? ComplianceStatus(IReadOnlyList<FrameworkResult> results)
        => results.Count == 0 ? null : [.. results.Take(ComplianceSpec.MaxFrameworks).Select(r => new ComplianceFrameworkStatus
        {
            Id = r.Framework.Id,
            Version = r.Framework.Version,
            Pass = r.Count(ControlOutcome.Pass),
            Fail = r.Count(ControlOutcome.Fail),
            Excepted = r.Count(ControlOutcome.Excepted),
            NotEvaluated = r.Count(ControlOutcome.NotEvaluated),
            Manual = r.Count(ControlOutcome.Manual),
            AwsManaged = r.Count(ControlOutcome.AwsManaged),
            Score = r.Score,
            FailingControls = [.. r.Controls.Where(c => c.Outcome == ControlOutcome.Fail).Take(ComplianceFrameworkStatus.MaxFailingControls).Select(c => c.Control.Id)],
            Headline = BoundedText.Bound(r.Headline, ComplianceFrameworkStatus.MaxHeadline),
        })];

    /// <summary>Groups not-evaluated checks by reason, bounded by the status schema.</summary>
    private static List<NotEvaluatedGroup>? NotEvaluated(IReadOnlyDictionary<string, string> checks)
    {
        if (checks.Count == 0)
        {
            return null;
        }

        return [.. checks
            .GroupBy(p => p.Value, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(NotEvaluatedGroup.MaxGroups)
            .Select(g => new NotEvaluatedGroup
            {
                Reason = g.Key.Length > NotEvaluatedGroup.MaxReasonLength ? g.Key[..(NotEvaluatedGroup.MaxReasonLength - 3)] + "..." : g.Key,
                Checks = [.. g.Select(p => p.Key).Order(StringComparer.Ordinal)],
            })];
    }
}

/// <summary>When a scan started and completed.</summary>
public readonly record struct ScanTiming(DateTimeOffset Started, DateTimeOffset Completed, TimeSpan Duration);
