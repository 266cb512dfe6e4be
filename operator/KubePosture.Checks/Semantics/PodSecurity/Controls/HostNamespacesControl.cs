using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>Baseline: spec.hostNetwork, hostPID and hostIPC must be unset or false (all versions).</summary>
public sealed class HostNamespacesControl : PodSecurityControl
{
    public override string Id => "hostNamespaces";
    public override string Title => "Host Namespaces";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version)
    {
        if (spec.HostNetwork)
            yield return Violation(null, "hostNetwork", "true", "hostNetwork: true");
        if (spec.HostPid)
            yield return Violation(null, "hostPID", "true", "hostPID: true");
        if (spec.HostIpc)
            yield return Violation(null, "hostIPC", "true", "hostIPC: true");
    }
}
