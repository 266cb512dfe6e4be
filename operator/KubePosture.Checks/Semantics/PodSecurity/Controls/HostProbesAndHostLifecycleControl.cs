using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>Baseline (v1.34+): probes (httpGet, tcpSocket) and lifecycle handlers must not set host.</summary>
public sealed class HostProbesAndHostLifecycleControl : PodSecurityControl
{
    public override string Id => "hostProbesAndHostLifecycle";
    public override string Title => "Probes and Lifecycle Hooks host";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;
    public override int SinceMinor => 34;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version) =>
        from c in spec.Containers
        from h in c.HandlerHosts
        select Violation(c, h.Field, h.Host, $"{Who(c)} {h.Field} {h.Host}");
}
