using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity;

/// <summary>
/// A workload's Pod Security evaluation at the version its namespace enforces (<c>enforce-version</c>, latest when
/// unpinned), the one place the level in status, findings' <c>podSecurityLevel</c>, namespace.pss-not-enforced and
/// the pod checks read it from. Evaluations are remembered per pod spec instance and version: a workload with many
/// findings is evaluated once.
/// </summary>
public static class WorkloadPodSecurity
{
    private static readonly ConditionalWeakTable<PodSpecRecord, ConcurrentDictionary<PodSecurityVersion, PodSecurityEvaluation>> Evaluations = [];

    /// <summary>The workload's evaluation at its namespace's enforce version.</summary>
    public static PodSecurityEvaluation Of(ClusterInventory inventory, WorkloadRecord workload) =>
        At(workload.Spec, NamespacePodSecurity.AssessedVersion(inventory, workload.Namespace));

    /// <summary>The spec's evaluation at <paramref name="version"/>.</summary>
    public static PodSecurityEvaluation At(PodSpecRecord spec, PodSecurityVersion version) =>
        Evaluations.GetValue(spec, _ => new ConcurrentDictionary<PodSecurityVersion, PodSecurityEvaluation>())
            .GetOrAdd(version, static (v, s) => PodSecurityStandards.Evaluate(s, v), spec);

    /// <summary>The violations of control <paramref name="controlId"/> by the workload, at its namespace's version.</summary>
    public static IReadOnlyList<PodSecurityViolation> Violations(ClusterInventory inventory, WorkloadRecord workload, string controlId) =>
        Of(inventory, workload)[controlId].Violations;
}
