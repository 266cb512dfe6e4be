using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>
/// Restricted: volumes may only be configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim,
/// projected or secret (all versions); replaces hostPathVolumes at the restricted level.
/// </summary>
public sealed class RestrictedVolumesControl : PodSecurityControl
{
    public static IReadOnlySet<string> Allowed { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
    };

    public override string Id => "restrictedVolumes";
    public override string Title => "Volume Types";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override (string ControlId, int SinceMinor)? Replaces => (HostPathVolumesControl.ControlId, 0);

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version) =>
        spec.Volumes
            .Where(v => !Allowed.Contains(v.Source))
            .Select(v => Violation(null, "volumes", v.Name, $"volume \"{v.Name}\" is {v.Source}"));
}
