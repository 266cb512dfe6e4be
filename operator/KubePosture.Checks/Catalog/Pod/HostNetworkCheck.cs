using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class HostNetworkCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.host-network",
        Title: "Pod shares the node's network namespace",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "With hostNetwork a pod sees every interface of the node, can bind node ports, sniff traffic, reach the instance metadata service, and is not subject to NetworkPolicy.",
        Remediation: "Remove hostNetwork: true from the pod spec (spec.hostNetwork).",
        References: [References.PodSecurityStandards + " (baseline: Host Namespaces)", "CIS EKS Benchmark 4.2.4", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads.Where(w => WorkloadPodSecurity.Violations(inventory, w, "hostNamespaces").Any(v => v.Field == "hostNetwork")))
            yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "hostNetwork", "shares the node's network namespace (hostNetwork: true)");
    }
}
