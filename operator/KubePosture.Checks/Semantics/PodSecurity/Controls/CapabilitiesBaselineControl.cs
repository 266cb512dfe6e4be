using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>
/// Baseline: capabilities.add may hold only the runtime's default set (all versions). Values are compared as written:
/// "CAP_CHOWN" is not "CHOWN" to admission.
/// </summary>
public sealed class CapabilitiesBaselineControl : PodSecurityControl
{
    public const string ControlId = "capabilities_baseline";

    /// <summary>Capabilities baseline allows adding (the container runtime's default set).</summary>
    public static IReadOnlySet<string> Allowed { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    };

    public override string Id => ControlId;
    public override string Title => "Capabilities";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version) =>
        from c in spec.Containers
        from cap in c.SecurityContext.CapabilitiesAdd
        where !Allowed.Contains(cap)
        select Violation(c, "securityContext.capabilities.add", cap, $"{Who(c)} adds {cap}");
}
