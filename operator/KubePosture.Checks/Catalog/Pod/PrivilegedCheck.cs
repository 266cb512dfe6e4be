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
        Description: "A privileged container has every capability and the host's devices; escaping to the node is trivial. A Windows HostProcess container (windowsOptions.hostProcess: true on the container, else the pod) is the Windows equivalent and is reported too.",
        Remediation: "Remove securityContext.privileged (and windowsOptions.hostProcess) or set it to false on every container, init container and ephemeral container.",
        References: [References.PodSecurityStandards + " (baseline: Privileged Containers)", "CIS EKS Benchmark 4.2.1", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers)
            {
                if (c.SecurityContext.Privileged == true)
                {
                    yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "securityContext.privileged", "runs privileged (securityContext.privileged: true)");
                }
                else if (EffectiveSecurity.IsHostProcess(w.Spec, c))
                {
                    var source = c.SecurityContext.HostProcess is not null ? "container" : "pod";
                    yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "securityContext.windowsOptions.hostProcess",
                        $"runs as a Windows HostProcess container with the node's privileges (windowsOptions.hostProcess: true on the {source} securityContext)");
                }
            }
        }
    }
}
