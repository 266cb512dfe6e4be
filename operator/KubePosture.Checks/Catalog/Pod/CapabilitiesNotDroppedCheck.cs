using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class CapabilitiesNotDroppedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.capabilities-not-dropped",
        Title: "Container does not drop all capabilities",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Low,
        Description: "Containers start with the runtime's default capability set (CHOWN, SETUID, NET_BIND_SERVICE, ...); most need none of them. Windows pods (spec.os.name or a nodeSelector for windows) are not assessed: the field is Linux-only.",
        Remediation: "Set securityContext.capabilities.drop: [ALL] and add back only what the process needs.",
        References: [References.PodSecurityStandards + " (restricted: Capabilities)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        // Windows pods cannot set this Linux-only field (the API rejects it when spec.os.name is windows).
        foreach (var w in inventory.Workloads.Where(w => !w.Spec.IsWindows))
        {
            foreach (var c in w.Spec.Containers.Where(c => !Capabilities.Contains(c.SecurityContext.CapabilitiesDrop, "ALL")))
            {
                var dropped = c.SecurityContext.CapabilitiesDrop.Count == 0 ? "drops nothing" : $"drops only {string.Join(", ", c.SecurityContext.CapabilitiesDrop)}";
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "securityContext.capabilities.drop",
                    $"does not drop ALL capabilities ({dropped})");
            }
        }
    }
}
