using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>Baseline: windowsOptions.hostProcess must be unset or false on the pod and every container (all versions).</summary>
public sealed class WindowsHostProcessControl : PodSecurityControl
{
    public override string Id => "windowsHostProcess";
    public override string Title => "HostProcess";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version)
    {
        if (spec.SecurityContext.HostProcess == true)
            yield return Violation(null, "securityContext.windowsOptions.hostProcess", "true", "pod windowsOptions.hostProcess: true");
        foreach (var c in spec.Containers.Where(c => c.SecurityContext.HostProcess == true))
            yield return Violation(c, "securityContext.windowsOptions.hostProcess", "true", $"{Who(c)} windowsOptions.hostProcess: true");
    }
}
