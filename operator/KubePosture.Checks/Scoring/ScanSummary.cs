namespace KubePosture.Checks.Scoring;

/// <summary>
/// The numbers a scan reports: active (unexcepted) findings per severity, suppressed findings, checks
/// failed / passed / not evaluated, a 0-100 score, and how many workloads meet each Pod Security Standards level.
/// </summary>
public sealed record ScanSummary(
    int Critical,
    int High,
    int Medium,
    int Low,
    int Info,
    int Suppressed,
    int FailedChecks,
    int PassedChecks,
    int NotEvaluatedChecks,
    int Score,
    PodSecurityLevelCounts PodSecurityLevels)
{
    public int TotalFindings => Critical + High + Medium + Low + Info;
}

/// <summary>Workloads by the most restrictive Pod Security Standards level their pod spec meets.</summary>
public sealed record PodSecurityLevelCounts(int Privileged, int Baseline, int Restricted);
