using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class ProcMountCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.proc-mount",
        Title: "Container unmasks /proc",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "procMount Unmasked exposes kernel interfaces that the runtime masks by default; Pod Security Standards baseline allows only Default.",
        Remediation: "Remove securityContext.procMount or set it to Default.",
        References: [References.PodSecurityStandards + " (baseline: /proc Mount Type)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers.Where(c => c.SecurityContext.ProcMount is not null && c.SecurityContext.ProcMount != "Default"))
            {
                yield return WorkloadFindings.ForContainer(Descriptor, w, c, "securityContext.procMount",
                    $"sets procMount {c.SecurityContext.ProcMount} (only Default is allowed)");
            }
        }
    }
}
