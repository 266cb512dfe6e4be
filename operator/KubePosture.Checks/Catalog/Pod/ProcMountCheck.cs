using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;
using KubePosture.Checks.Semantics.PodSecurity.Controls;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class ProcMountCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.proc-mount",
        Title: "Container unmasks /proc",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "procMount Unmasked exposes kernel interfaces that the runtime masks by default; Pod Security Standards baseline allows only Default, except (policy v1.35+) in a pod that runs in a user namespace (hostUsers: false). Decided at the version the namespace enforces.",
        Remediation: "Remove securityContext.procMount or set it to Default.",
        References: [References.PodSecurityStandards + " (baseline: /proc Mount Type)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var v in WorkloadPodSecurity.Violations(inventory, w, ProcMountControl.ControlId))
            {
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, v.Container!, v.Field,
                    $"sets procMount {v.Value} (only Default is allowed outside a user namespace)");
            }
        }
    }
}
