using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>Restricted (v1.8+): every container sets allowPrivilegeEscalation: false; from v1.25 Windows pods (spec.os.name) are exempt.</summary>
public sealed class AllowPrivilegeEscalationControl : PodSecurityControl
{
    public override string Id => "allowPrivilegeEscalation";
    public override string Title => "Privilege Escalation";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override int SinceMinor => 8;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version) =>
        WindowsExempt(spec, version)
            ? []
            : spec.Containers
                .Where(c => c.SecurityContext.AllowPrivilegeEscalation != false)
                .Select(c => Violation(c, "securityContext.allowPrivilegeEscalation", Text(c.SecurityContext.AllowPrivilegeEscalation),
                    $"{Who(c)} allowPrivilegeEscalation is not false"));
}
