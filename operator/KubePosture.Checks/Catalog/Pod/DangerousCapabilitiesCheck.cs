using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class DangerousCapabilitiesCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.capabilities-dangerous",
        Title: "Container adds dangerous capabilities",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "Capabilities such as SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE, SYS_MODULE or ALL give a container power over the node, its network or other processes.",
        Remediation: "Remove the capability from securityContext.capabilities.add; drop ALL and add back only NET_BIND_SERVICE if needed.",
        References: [References.PodSecurityStandards + " (baseline: Capabilities)", "CIS EKS Benchmark 4.2.7", "CIS EKS Benchmark 4.2.8", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers)
            {
                var dangerous = c.SecurityContext.CapabilitiesAdd
                    .Where(cap => Capabilities.Dangerous.Contains(Capabilities.Normalize(cap)))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                if (dangerous.Count == 0)
                    continue;
                yield return WorkloadFindings.ForContainer(Descriptor, w, c, "securityContext.capabilities.add",
                    $"adds dangerous capabilities {string.Join(", ", dangerous)} (securityContext.capabilities.add)",
                    new Dictionary<string, string> { ["capabilities"] = string.Join(",", dangerous) });
            }
        }
    }
}
