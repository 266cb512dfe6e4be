using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>Baseline: no container port may set hostPort (all versions).</summary>
public sealed class HostPortsControl : PodSecurityControl
{
    public override string Id => "hostPorts";
    public override string Title => "Host Ports";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version) =>
        from c in spec.Containers
        from p in c.Ports
        where p.HostPort is { } hostPort && hostPort != 0
        select Violation(c, "ports", p.HostPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{Who(c)} hostPort {p.HostPort}");
}
