using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>Baseline: spec.securityContext.sysctls may name only the safe set of the policy version, which has grown over time.</summary>
public sealed class SysctlsControl : PodSecurityControl
{
    private static readonly HashSet<string> SafeV1Dot0 = new(StringComparer.Ordinal)
    {
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
    };

    private static readonly HashSet<string> SafeV1Dot27 = new(SafeV1Dot0, StringComparer.Ordinal) { "net.ipv4.ip_local_reserved_ports" };

    private static readonly HashSet<string> SafeV1Dot29 = new(SafeV1Dot27, StringComparer.Ordinal)
    {
        "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    };

    private static readonly HashSet<string> SafeV1Dot32 = new(SafeV1Dot29, StringComparer.Ordinal) { "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem" };

    private static readonly HashSet<string> SafeV1Dot37 = new(SafeV1Dot32, StringComparer.Ordinal)
    {
        "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat",
    };

    public override string Id => "sysctls";
    public override string Title => "Sysctls";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    /// <summary>The sysctls baseline allows at <paramref name="version"/>.</summary>
    public static IReadOnlySet<string> Safe(PodSecurityVersion version) => version.EffectiveMinor switch
    {
        >= 37 => SafeV1Dot37,
        >= 32 => SafeV1Dot32,
        >= 29 => SafeV1Dot29,
        >= 27 => SafeV1Dot27,
        _ => SafeV1Dot0,
    };

    /// <summary>A pod sysctl entry as the inventory keeps it may be "name" or "name=value".</summary>
    public static string Name(string sysctl)
    {
        var eq = sysctl.IndexOf('=', StringComparison.Ordinal);
        return eq >= 0 ? sysctl[..eq] : sysctl;
    }

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version)
    {
        var safe = Safe(version);
        foreach (var name in spec.SecurityContext.Sysctls.Select(Name).Where(n => !safe.Contains(n)))
            yield return Violation(null, "securityContext.sysctls", name, $"sysctl {name} is not in the safe set of {version}");
    }
}
