using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>Baseline: no container may set securityContext.privileged: true (all versions).</summary>
public sealed class PrivilegedControl : PodSecurityControl
{
    public override string Id => "privileged";
    public override string Title => "Privileged Containers";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version) =>
        spec.Containers
            .Where(c => c.SecurityContext.Privileged == true)
            .Select(c => Violation(c, "securityContext.privileged", "true", $"{Who(c)} privileged: true"));
}
