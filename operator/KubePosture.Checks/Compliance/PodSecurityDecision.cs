using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Compliance;

/// <summary>
/// A Pod Security Standards control decided by the Pod Security evaluator rather than by findings: a workload fails it
/// when, at its namespace's enforce version, admission at <paramref name="Level"/> checks one of
/// <paramref name="ControlIds"/> and the workload breaks it. More than one id when a restricted control replaces a
/// baseline one from some version on (capabilities_restricted for capabilities_baseline from v1.22): a namespace pinned
/// before that is held to the control its version has, so the rows of a level add up to exactly what admission checks.
/// </summary>
public sealed record PodSecurityDecision(PodSecurityLevel Level, IReadOnlyList<string> ControlIds)
{
    private readonly PodSecurityControlSet _ids = PodSecurityControlSet.Of(ControlIds.Select(PodSecurityStandards.IndexOf));

    /// <summary>The controls of this row admission checks at <see cref="Level"/> and <paramref name="version"/>; empty when the version has none of them.</summary>
    public IReadOnlyList<PodSecurityControl> At(PodSecurityVersion version) => [.. SetAt(version).Controls];

    /// <summary>True when a workload that breaks <paramref name="failed"/> at <paramref name="version"/> fails this row.</summary>
    public bool BrokenBy(PodSecurityControlSet failed, PodSecurityVersion version) => failed.Overlaps(SetAt(version));

    private PodSecurityControlSet SetAt(PodSecurityVersion version) => _ids.Intersect(PodSecurityStandards.SetOf(Level, version));
}
