namespace KubePosture.Checks.Compliance.Frameworks;

/// <summary>Pod Security Standards, baseline level.</summary>
internal static class PodSecurityBaseline
{
    public static ComplianceFramework Framework { get; } = new(
        "pss-baseline", "Pod Security Standards baseline", "latest", PodSecurityStandardControls.Source,
        PodSecurityStandardControls.Baseline(restricted: false).Controls);
}
