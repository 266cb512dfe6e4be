using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class ReadOnlyRootFilesystemCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.readonly-root-fs",
        Title: "Container root filesystem is writable",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Medium,
        Description: "A writable root filesystem lets an intruder drop tools and modify binaries; an immutable container keeps writes in declared volumes. Windows pods (spec.os.name or a nodeSelector for windows) are not assessed: the field is Linux-only.",
        Remediation: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write.",
        References: ["CIS Kubernetes Benchmark 5.7.3", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        // Windows pods cannot set this Linux-only field (the API rejects it when spec.os.name is windows).
        foreach (var w in inventory.Workloads.Where(w => !w.Spec.IsWindows))
        {
            foreach (var c in w.Spec.Containers.Where(c => c.SecurityContext.ReadOnlyRootFilesystem != true))
            {
                var state = c.SecurityContext.ReadOnlyRootFilesystem is null ? "unset" : "false";
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "securityContext.readOnlyRootFilesystem",
                    $"has a writable root filesystem (readOnlyRootFilesystem is {state})");
            }
        }
    }
}
