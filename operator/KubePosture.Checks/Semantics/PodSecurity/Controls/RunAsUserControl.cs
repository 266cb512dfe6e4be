using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>Restricted (v1.23+): runAsUser must not be 0 on the pod or any container; from v1.35 allowed when spec.hostUsers is false.</summary>
public sealed class RunAsUserControl : PodSecurityControl
{
    public override string Id => "runAsUser";
    public override string Title => "Running as Non-root user";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override int SinceMinor => 23;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version)
    {
        if (UserNamespaceExempt(spec, version))
            yield break;
        if (spec.SecurityContext.RunAsUser == 0)
            yield return Violation(null, "securityContext.runAsUser", "0", "pod runAsUser: 0");
        foreach (var c in spec.Containers.Where(c => c.SecurityContext.RunAsUser == 0))
            yield return Violation(c, "securityContext.runAsUser", "0", $"{Who(c)} runAsUser: 0");
    }
}
