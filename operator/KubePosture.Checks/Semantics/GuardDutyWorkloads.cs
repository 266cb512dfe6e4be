using System.Runtime.CompilerServices;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// The workload a GuardDuty finding names (resource.kubernetesDetails.kubernetesWorkloadDetails): by kind, namespace
/// and name (GuardDuty writes the kind as "Deployment" or "deployments"); a pod is attributed to the workload whose
/// name its own name extends (api-7d9f8b-xk2p9 → Deployment api), the longest such name winning.
/// </summary>
public static class GuardDutyWorkloads
{
    public static WorkloadRecord? Find(ClusterInventory inventory, GuardDutyFinding finding)
    {
        if (finding.WorkloadName is not { Length: > 0 } name || finding.WorkloadNamespace is not { Length: > 0 } ns) return null;
        var kind = Kind(finding.WorkloadType);
        var inNamespace = ByNamespace.GetValue(inventory.Workloads, Group)[ns];
        var exact = inNamespace.FirstOrDefault(w => w.Ref.Name == name && (kind is null || w.Ref.Kind == kind));
        if (exact is not null || kind is not (null or "Pod")) return exact;
        return inNamespace.Where(w => name.StartsWith(w.Ref.Name + "-", StringComparison.Ordinal)).MaxBy(w => w.Ref.Name.Length);
    }

    /// <summary>
    /// The workloads by namespace, built on the first lookup and remembered per workload list (as <see cref="ListIndex{T, TKey}"/>
    /// does): every GuardDuty finding is looked up, and a search of every workload per finding is findings × workloads.
    /// </summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<WorkloadRecord>, ILookup<string, WorkloadRecord>> ByNamespace = [];

    private static readonly ConditionalWeakTable<IReadOnlyList<WorkloadRecord>, ILookup<string, WorkloadRecord>>.CreateValueCallback Group =
        workloads => workloads.ToLookup(w => w.Namespace, StringComparer.Ordinal);

    /// <summary>"deployments", "Deployment" → Deployment; unknown → null (any kind).</summary>
    private static string? Kind(string? type) => type?.ToLowerInvariant().TrimEnd('s') switch
    {
        "pod" => "Pod",
        "deployment" => "Deployment",
        "daemonset" => "DaemonSet",
        "statefulset" => "StatefulSet",
        "replicaset" => "ReplicaSet",
        "job" => "Job",
        "cronjob" => "CronJob",
        "replicationcontroller" => "ReplicationController",
        _ => null,
    };

    /// <summary>GuardDuty severity (0.1–10) to ours: 9+ Critical, 7+ High, 4+ Medium, else Low.</summary>
    public static Model.Severity SeverityOf(double severity) => severity switch
    {
        >= 9 => Model.Severity.Critical,
        >= 7 => Model.Severity.High,
        >= 4 => Model.Severity.Medium,
        _ => Model.Severity.Low,
    };
}
