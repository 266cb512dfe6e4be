using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class HostPidCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.host-pid",
        Title: "Pod shares the node's process namespace",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "With hostPID a pod sees and can signal or ptrace every process on the node, and read their environment.",
        Remediation: "Remove hostPID: true from the pod spec (spec.hostPID).",
        References: [References.PodSecurityStandards + " (baseline: Host Namespaces)", "CIS EKS Benchmark 4.2.2", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads.Where(w => WorkloadPodSecurity.Violations(inventory, w, "hostNamespaces").Any(v => v.Field == "hostPID")))
            yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "hostPID", "shares the node's process namespace (hostPID: true)");
    }
}
