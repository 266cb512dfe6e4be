using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>
/// Restricted (v1.22+): every container drops ALL and adds nothing but NET_BIND_SERVICE; from v1.25 Windows pods are
/// exempt. Replaces capabilities_baseline at the restricted level.
/// </summary>
public sealed class CapabilitiesRestrictedControl : PodSecurityControl
{
    public override string Id => "capabilities_restricted";
    public override string Title => "Capabilities";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override int SinceMinor => 22;
    public override (string ControlId, int SinceMinor)? Replaces => (CapabilitiesBaselineControl.ControlId, 22);

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version)
    {
        if (WindowsExempt(spec, version))
            yield break;
        foreach (var c in spec.Containers)
        {
            if (!c.SecurityContext.CapabilitiesDrop.Contains("ALL"))
                yield return Violation(c, "securityContext.capabilities.drop", "ALL", $"{Who(c)} does not drop ALL");
            foreach (var cap in c.SecurityContext.CapabilitiesAdd.Where(cap => cap != "NET_BIND_SERVICE"))
                yield return Violation(c, "securityContext.capabilities.add", cap, $"{Who(c)} adds {cap}");
        }
    }
}
