using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>Restricted (v1.35+): procMount must be unset or Default even in a user namespace; replaces procMount at the restricted level.</summary>
public sealed class ProcMountRestrictedControl : PodSecurityControl
{
    public override string Id => "procMount_restricted";
    public override string Title => "/proc Mount Type";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override int SinceMinor => 35;
    public override (string ControlId, int SinceMinor)? Replaces => (ProcMountControl.ControlId, 35);

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version) =>
        ProcMountControl.Unmasked(this, spec);
}
