namespace KubePosture.Checks.Compliance.Frameworks;

/// <summary>Pod Security Standards, restricted level: baseline's controls (with the stricter capabilities and seccomp) and restricted's.</summary>
internal static class PodSecurityRestricted
{
    public static ComplianceFramework Framework { get; } = new(
        "pss-restricted", "Pod Security Standards restricted", "latest", PodSecurityStandardControls.Source,
        [.. PodSecurityStandardControls.Baseline(restricted: true).Controls, .. PodSecurityStandardControls.Restricted().Controls]);
}
