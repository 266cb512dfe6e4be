using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>
/// Baseline: securityContext.procMount must be unset or Default; from v1.35 any value is allowed when the pod runs in a
/// user namespace (spec.hostUsers: false). At the restricted level v1.35+ replaces it with procMount_restricted.
/// </summary>
public sealed class ProcMountControl : PodSecurityControl
{
    public const string ControlId = "procMount";

    public override string Id => ControlId;
    public override string Title => "/proc Mount Type";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version) =>
        UserNamespaceExempt(spec, version) ? [] : Unmasked(this, spec);

    /// <summary>Containers whose procMount is set to anything but Default.</summary>
    internal static IEnumerable<PodSecurityViolation> Unmasked(PodSecurityControl control, PodSpecRecord spec) =>
        spec.Containers
            .Where(c => c.SecurityContext.ProcMount is { } mount && mount != "Default")
            .Select(c => new PodSecurityViolation(control.Id, control.Level, c, "securityContext.procMount", c.SecurityContext.ProcMount!,
                $"{ContainerView.Describe(c)} procMount {c.SecurityContext.ProcMount}"));
}
