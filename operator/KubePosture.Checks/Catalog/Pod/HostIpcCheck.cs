using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class HostIpcCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.host-ipc",
        Title: "Pod shares the node's IPC namespace",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "With hostIPC a pod can read and write the shared memory of every process on the node.",
        Remediation: "Remove hostIPC: true from the pod spec (spec.hostIPC).",
        References: [References.PodSecurityStandards + " (baseline: Host Namespaces)", "CIS EKS Benchmark 4.2.3", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads.Where(w => WorkloadPodSecurity.Violations(inventory, w, "hostNamespaces").Any(v => v.Field == "hostIPC")))
            yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "hostIPC", "shares the node's IPC namespace (hostIPC: true)");
    }
}
