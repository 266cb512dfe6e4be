using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>Baseline: no hostPath volume (all versions).</summary>
public sealed class HostPathVolumesControl : PodSecurityControl
{
    public const string ControlId = "hostPathVolumes";

    public override string Id => ControlId;
    public override string Title => "HostPath Volumes";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version) =>
        spec.Volumes
            .Where(v => v.Source == "hostPath")
            .Select(v => Violation(null, "volumes", v.Name, $"volume \"{v.Name}\" is hostPath {v.HostPath}"));
}
