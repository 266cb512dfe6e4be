using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class PrivilegedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.privileged",
        Title: "Container runs privileged",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Critical,
        Description: "A privileged container has every capability and the host's devices; escaping to the node is trivial.",
        Remediation: "Remove securityContext.privileged or set it to false on every container, init container and ephemeral container.",
        References: [References.PodSecurityStandards + " (baseline: Privileged Containers)", "CIS EKS Benchmark 4.2.1", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers.Where(c => c.SecurityContext.Privileged == true))
                yield return WorkloadFindings.ForContainer(Descriptor, w, c, "securityContext.privileged", "runs privileged (securityContext.privileged: true)");
        }
    }
}
