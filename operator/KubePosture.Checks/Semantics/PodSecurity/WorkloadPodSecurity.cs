using System.Runtime.CompilerServices;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity;

/// <summary>
/// A workload's Pod Security results at the version its namespace enforces (<c>enforce-version</c>, latest when
/// unpinned): the one place the level in status, findings' <c>podSecurityLevel</c>, namespace.pss-not-enforced and
/// the pod checks read them from. Only the level is remembered (per pod spec instance, for its last version: a
/// workload with many findings is evaluated once, and a spec kept across scans holds one small entry); control
/// results are computed when asked.
/// </summary>
public static class WorkloadPodSecurity
{
    private static readonly ConditionalWeakTable<PodSpecRecord, LevelMemo> Levels = [];

    /// <summary>The version the workload is assessed at: its namespace's enforce version.</summary>
    public static PodSecurityVersion VersionOf(ClusterInventory inventory, WorkloadRecord workload) =>
        NamespacePodSecurity.AssessedVersion(inventory, workload.Namespace);

    /// <summary>The most restrictive level the workload meets at its namespace's enforce version.</summary>
    public static PodSecurityLevel Level(ClusterInventory inventory, WorkloadRecord workload) =>
        LevelAt(workload.Spec, VersionOf(inventory, workload));

    /// <summary>The most restrictive level <paramref name="spec"/> meets at <paramref name="version"/>, remembered per spec.</summary>
    public static PodSecurityLevel LevelAt(PodSpecRecord spec, PodSecurityVersion version)
    {
        var memo = Levels.GetOrCreateValue(spec);
        lock (memo)
        {
            if (memo.Version == version && memo.Level is { } known)
                return known;
        }

        var level = PodSecurityStandards.LevelOf(spec, version);
        lock (memo)
        {
            memo.Version = version;
            memo.Level = level;
        }

        return level;
    }

    /// <summary>Every control's result for the workload at its namespace's version (not remembered).</summary>
    public static PodSecurityEvaluation Of(ClusterInventory inventory, WorkloadRecord workload) =>
        PodSecurityStandards.Evaluate(workload.Spec, VersionOf(inventory, workload));

    /// <summary>The violations of control <paramref name="controlId"/> by the workload at its namespace's version; empty when the version lacks the control.</summary>
    public static IReadOnlyList<PodSecurityViolation> Violations(ClusterInventory inventory, WorkloadRecord workload, string controlId)
    {
        var control = PodSecurityStandards.Control(controlId);
        var version = VersionOf(inventory, workload);
        return control.AppliesAt(version) ? [.. control.Check(workload.Spec, version)] : [];
    }

    /// <summary>
    /// One control across the inventory, for the compliance view: each workload's result for
    /// <paramref name="controlId"/> at its namespace's enforce version. A workload whose version does not have the
    /// control is listed with <see cref="PodSecurityControlResult.Applies"/> false (neither passed nor failed).
    /// </summary>
    public static IReadOnlyList<(WorkloadRecord Workload, PodSecurityControlResult Result)> ControlAcross(ClusterInventory inventory, string controlId)
    {
        var control = PodSecurityStandards.Control(controlId); // an unknown id is an error, not an empty list
        return
        [
            .. inventory.Workloads.Select(w =>
            {
                var version = VersionOf(inventory, w);
                return (w, control.AppliesAt(version)
                    ? new PodSecurityControlResult(control, Applies: true, [.. control.Check(w.Spec, version)])
                    : new PodSecurityControlResult(control, Applies: false, []));
            }),
        ];
    }

    private sealed class LevelMemo
    {
        public PodSecurityVersion Version { get; set; }

        public PodSecurityLevel? Level { get; set; }
    }
}
