using System.Collections.Frozen;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics.PodSecurity.Controls;

namespace KubePosture.Checks.Semantics.PodSecurity;

/// <summary>
/// The Pod Security Standards as Pod Security admission evaluates them, for every policy version from v1.0 to
/// <see cref="PodSecurityVersion.NewestMinor"/>: the level a pod spec meets, and each control's result. At a version,
/// baseline is the baseline controls that version has; restricted is those plus the restricted controls, where a
/// restricted control replaces the baseline control it supersedes (restrictedVolumes for hostPathVolumes,
/// capabilities_restricted for capabilities_baseline from v1.22, ...). Every container list counts (containers,
/// initContainers, ephemeralContainers) and values are compared as written. The upstream fixtures of every version
/// are a test of this class (PodSecurityAdmissionFixtureTests).
/// </summary>
public static class PodSecurityStandards
{
    /// <summary>Every control, baseline first, each group in upstream id order.</summary>
    public static IReadOnlyList<PodSecurityControl> Controls { get; } =
    [
        new AppArmorProfileControl(),
        new CapabilitiesBaselineControl(),
        new HostNamespacesControl(),
        new HostPathVolumesControl(),
        new HostPortsControl(),
        new HostProbesAndHostLifecycleControl(),
        new PrivilegedControl(),
        new ProcMountControl(),
        new SeccompProfileBaselineControl(),
        new SeLinuxOptionsControl(),
        new SysctlsControl(),
        new WindowsHostProcessControl(),
        new AllowPrivilegeEscalationControl(),
        new CapabilitiesRestrictedControl(),
        new ProcMountRestrictedControl(),
        new RestrictedVolumesControl(),
        new RunAsNonRootControl(),
        new RunAsUserControl(),
        new SeccompProfileRestrictedControl(),
    ];

    private static readonly FrozenDictionary<string, int> IndexById =
        Enumerable.Range(0, Controls.Count).ToFrozenDictionary(i => Controls[i].Id, StringComparer.Ordinal);

    /// <summary>The control with upstream id <paramref name="id"/>.</summary>
    public static PodSecurityControl Control(string id) => Controls[IndexOf(id)];

    /// <summary>The index into <see cref="Controls"/> of the control with upstream id <paramref name="id"/>.</summary>
    internal static int IndexOf(string id) =>
        IndexById.TryGetValue(id, out var index) ? index : throw new ArgumentException($"no Pod Security control \"{id}\"", nameof(id));

    /// <summary>The controls that decide <paramref name="level"/> at <paramref name="version"/> (empty for privileged).</summary>
    public static IReadOnlyList<PodSecurityControl> ControlsOf(PodSecurityLevel level, PodSecurityVersion version) =>
        [.. IndexesOf(level, version).Select(i => Controls[i])];

    /// <summary>Per level (baseline, restricted) and effective minor version, the indexes into <see cref="Controls"/> that decide it.</summary>
    private static readonly int[][][] LevelControls =
    [
        [.. Enumerable.Range(0, PodSecurityVersion.NewestMinor + 1).Select(m => Decide(PodSecurityLevel.Baseline, PodSecurityVersion.V1(m)))],
        [.. Enumerable.Range(0, PodSecurityVersion.NewestMinor + 1).Select(m => Decide(PodSecurityLevel.Restricted, PodSecurityVersion.V1(m)))],
    ];

    internal static int[] IndexesOf(PodSecurityLevel level, PodSecurityVersion version) => level switch
    {
        PodSecurityLevel.Baseline => LevelControls[0][version.EffectiveMinor],
        PodSecurityLevel.Restricted => LevelControls[1][version.EffectiveMinor],
        _ => [],
    };

    /// <summary><see cref="LevelControls"/> as sets.</summary>
    private static readonly PodSecurityControlSet[][] LevelSets =
        [.. LevelControls.Select(byMinor => byMinor.Select(PodSecurityControlSet.Of).ToArray())];

    /// <summary>The controls that decide <paramref name="level"/> at <paramref name="version"/>, as a set (empty for privileged).</summary>
    public static PodSecurityControlSet SetOf(PodSecurityLevel level, PodSecurityVersion version) => level switch
    {
        PodSecurityLevel.Baseline => LevelSets[0][version.EffectiveMinor],
        PodSecurityLevel.Restricted => LevelSets[1][version.EffectiveMinor],
        _ => PodSecurityControlSet.Empty,
    };

    private static int[] Decide(PodSecurityLevel level, PodSecurityVersion version)
    {
        var applicable = Enumerable.Range(0, Controls.Count).Where(i => Controls[i].AppliesAt(version)).ToList();
        if (level == PodSecurityLevel.Baseline)
            return [.. applicable.Where(i => Controls[i].Level == PodSecurityLevel.Baseline)];
        var replaced = applicable
            .Select(i => Controls[i].Replaces)
            .Where(r => r is { } rep && version.AtLeast(rep.SinceMinor))
            .Select(r => r!.Value.ControlId)
            .ToHashSet(StringComparer.Ordinal);
        return [.. applicable.Where(i => !replaced.Contains(Controls[i].Id))];
    }

    /// <summary>Every control's result for <paramref name="spec"/> at <paramref name="version"/>.</summary>
    public static PodSecurityEvaluation Evaluate(PodSpecRecord spec, PodSecurityVersion version)
    {
        var results = new List<PodSecurityControlResult>(Controls.Count);
        foreach (var control in Controls)
        {
            results.Add(control.AppliesAt(version)
                ? new PodSecurityControlResult(control, Applies: true, [.. control.Check(spec, version)])
                : new PodSecurityControlResult(control, Applies: false, []));
        }

        return new PodSecurityEvaluation(version, results);
    }

    /// <summary>
    /// The controls <paramref name="spec"/> breaks at <paramref name="version"/>: every control the version has is
    /// checked once (baseline's and restricted's together are all of them), so the set decides every level and row.
    /// </summary>
    public static PodSecurityControlSet FailedControls(PodSpecRecord spec, PodSecurityVersion version)
    {
        var failed = PodSecurityControlSet.Empty;
        for (var i = 0; i < Controls.Count; i++)
        {
            if (Controls[i].AppliesAt(version) && Controls[i].Check(spec, version).Any())
                failed = failed.With(i);
        }

        return failed;
    }

    /// <summary>The most restrictive level none of whose controls at <paramref name="version"/> is in <paramref name="failed"/>.</summary>
    public static PodSecurityLevel LevelOf(PodSecurityControlSet failed, PodSecurityVersion version) =>
        !failed.Overlaps(SetOf(PodSecurityLevel.Restricted, version)) ? PodSecurityLevel.Restricted
        : !failed.Overlaps(SetOf(PodSecurityLevel.Baseline, version)) ? PodSecurityLevel.Baseline
        : PodSecurityLevel.Privileged;

    /// <summary>The level's name as the <c>pod-security.kubernetes.io/enforce</c> label spells it.</summary>
    public static string LabelValue(PodSecurityLevel level) => level switch
    {
        PodSecurityLevel.Restricted => "restricted",
        PodSecurityLevel.Baseline => "baseline",
        _ => "privileged",
    };

    /// <summary>Parses a level label value as admission does: privileged, baseline or restricted (case-sensitive).</summary>
    public static PodSecurityLevel? ParseLevel(string? value) => value switch
    {
        "privileged" => PodSecurityLevel.Privileged,
        "baseline" => PodSecurityLevel.Baseline,
        "restricted" => PodSecurityLevel.Restricted,
        _ => null,
    };
}

/// <summary>One control's result: whether the policy version has it, and where the spec breaks it (empty = allowed).</summary>
public sealed record PodSecurityControlResult(PodSecurityControl Control, bool Applies, IReadOnlyList<PodSecurityViolation> Violations)
{
    /// <summary>The control applies and the spec meets it. A control the version does not have is neither passed nor failed.</summary>
    public bool Passed => Applies && Violations.Count == 0;

    public bool Failed => Applies && Violations.Count > 0;
}

/// <summary>A pod spec's results at one policy version: per control, and the most restrictive level it meets.</summary>
public sealed class PodSecurityEvaluation
{
    private readonly IReadOnlyList<PodSecurityControlResult> _results;

    internal PodSecurityEvaluation(PodSecurityVersion version, IReadOnlyList<PodSecurityControlResult> results)
    {
        Version = version;
        _results = results;
        Failed = PodSecurityControlSet.Of(Enumerable.Range(0, results.Count).Where(i => results[i].Failed));
        Level = PodSecurityStandards.LevelOf(Failed, version);
    }

    public PodSecurityVersion Version { get; }

    /// <summary>The controls the spec breaks at <see cref="Version"/>.</summary>
    public PodSecurityControlSet Failed { get; }

    /// <summary>The most restrictive level whose controls (at <see cref="Version"/>) all pass.</summary>
    public PodSecurityLevel Level { get; }

    /// <summary>Every control's result, in <see cref="PodSecurityStandards.Controls"/> order.</summary>
    public IReadOnlyList<PodSecurityControlResult> Results => _results;

    /// <summary>The result of the control with upstream id <paramref name="controlId"/>.</summary>
    public PodSecurityControlResult this[string controlId] =>
        _results.FirstOrDefault(r => r.Control.Id == controlId) ?? throw new ArgumentException($"no Pod Security control \"{controlId}\"", nameof(controlId));

    /// <summary>True when admission at <paramref name="level"/> and <see cref="Version"/> would allow the pod.</summary>
    public bool Meets(PodSecurityLevel level) => !Failed.Overlaps(PodSecurityStandards.SetOf(level, Version));

    /// <summary>The violations that keep the spec from <paramref name="level"/>, in control order.</summary>
    public IEnumerable<PodSecurityViolation> ViolationsOf(PodSecurityLevel level) =>
        PodSecurityStandards.IndexesOf(level, Version).SelectMany(i => _results[i].Violations);
}
