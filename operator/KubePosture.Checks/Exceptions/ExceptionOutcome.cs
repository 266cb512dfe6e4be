using KubePosture.Checks.Model;

namespace KubePosture.Checks.Exceptions;

/// <summary>A finding an exception or annotation suppressed, with who suppressed it and why.</summary>
/// <param name="By">"PostureException team-a/legacy-db" or "annotation kubeposture.io/exempt on Deployment/team-a/web".</param>
public sealed record SuppressedFinding(Finding Finding, string By, string Justification);

/// <summary>What applying exceptions to a scan's findings did.</summary>
/// <param name="Active">Findings no exception suppressed: these count for compliance and score.</param>
/// <param name="Suppressed">Findings suppressed, each with the first exception (or annotation) that matched.</param>
/// <param name="MatchCounts">Per exception (<see cref="ExceptionRecord.Key"/>): findings it matched; 0 for expired ones.</param>
/// <param name="Expired">Exceptions past their expiry: they suppress nothing and should be renewed or removed.</param>
/// <param name="Unused">Unexpired exceptions that matched no finding (stale, or written too narrowly).</param>
/// <param name="IgnoredAnnotations">Workloads carrying kubeposture.io/exempt while the scan does not allow annotation exemptions (or without a reason).</param>
public sealed record ExceptionOutcome(
    IReadOnlyList<Finding> Active,
    IReadOnlyList<SuppressedFinding> Suppressed,
    IReadOnlyDictionary<string, int> MatchCounts,
    IReadOnlyList<ExceptionRecord> Expired,
    IReadOnlyList<ExceptionRecord> Unused,
    IReadOnlyList<string> IgnoredAnnotations);
