using System.Runtime.CompilerServices;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity;

/// <summary>
/// A workload's Pod Security results at the version its namespace enforces (<c>enforce-version</c>, latest when
/// unpinned): the one place the level in status, findings' <c>podSecurityLevel</c>, namespace.pss-not-enforced, the
/// pod checks and the compliance view read them from. Only the set of controls the spec breaks is remembered (per pod
/// spec instance, for its last version: every control is checked once per workload, whatever asks, and a spec kept
/// across scans holds one small entry); the violations of a broken control are computed when asked.
/// </summary>
public static class WorkloadPodSecurity
{
    private static readonly ConditionalWeakTable<PodSpecRecord, FailedMemo> Failed = [];

    /// <summary>The version the workload is assessed at: its namespace's enforce version.</summary>
    public static PodSecurityVersion VersionOf(ClusterInventory inventory, WorkloadRecord workload) =>
        NamespacePodSecurity.AssessedVersion(inventory, workload.Namespace);

    /// <summary>The most restrictive level the workload meets at its namespace's enforce version.</summary>
    public static PodSecurityLevel Level(ClusterInventory inventory, WorkloadRecord workload) =>
        LevelAt(workload.Spec, VersionOf(inventory, workload));

    /// <summary>The most restrictive level <paramref name="spec"/> meets at <paramref name="version"/>, from the remembered failed controls.</summary>
    public static PodSecurityLevel LevelAt(PodSpecRecord spec, PodSecurityVersion version) =>
        PodSecurityStandards.LevelOf(FailedAt(spec, version), version);

    /// <summary>The controls <paramref name="spec"/> breaks at <paramref name="version"/>, remembered per spec.</summary>
    public static PodSecurityControlSet FailedAt(PodSpecRecord spec, PodSecurityVersion version)
    {
        var memo = Failed.GetOrCreateValue(spec);
        lock (memo)
        {
            if (memo.Version == version && memo.Controls is { } known)
                return known;
        }

        var failed = PodSecurityStandards.FailedControls(spec, version);
        lock (memo)
        {
            memo.Version = version;
            memo.Controls = failed;
        }

        return failed;
    }

    /// <summary>Every control's result for the workload at its namespace's version (not remembered).</summary>
    public static PodSecurityEvaluation Of(ClusterInventory inventory, WorkloadRecord workload) =>
        PodSecurityStandards.Evaluate(workload.Spec, VersionOf(inventory, workload));

    /// <summary>
    /// The violations of control <paramref name="controlId"/> by the workload at its namespace's version; empty when the
    /// version lacks the control or the remembered failed controls say the workload meets it.
    /// </summary>
    public static IReadOnlyList<PodSecurityViolation> Violations(ClusterInventory inventory, WorkloadRecord workload, string controlId)
    {
        var index = PodSecurityStandards.IndexOf(controlId); // an unknown id is an error, not an empty list
        var version = VersionOf(inventory, workload);
        return FailedAt(workload.Spec, version).Contains(index) ? [.. PodSecurityStandards.Controls[index].Check(workload.Spec, version)] : [];
    }

    private sealed class FailedMemo
    {
        public PodSecurityVersion Version { get; set; }

        public PodSecurityControlSet? Controls { get; set; }
    }
}
