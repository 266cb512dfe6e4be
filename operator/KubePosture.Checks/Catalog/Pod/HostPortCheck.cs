using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class HostPortCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.host-port",
        Title: "Container binds a hostPort",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Medium,
        Description: "A hostPort exposes the container on the node's address, bypassing Services and NetworkPolicy on many CNIs, and limits scheduling.",
        Remediation: "Remove ports[].hostPort and expose the container through a Service.",
        References: [References.PodSecurityStandards + " (baseline: Host Ports)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers)
            {
                var ports = c.Ports.Where(p => p.HostPort is > 0).Select(p => $"{p.HostPort}/{p.Protocol}").ToList();
                if (ports.Count == 0)
                    continue;
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "ports[].hostPort",
                    $"binds hostPort {string.Join(", ", ports)}", new Dictionary<string, string> { ["hostPorts"] = string.Join(",", ports) });
            }
        }
    }
}
