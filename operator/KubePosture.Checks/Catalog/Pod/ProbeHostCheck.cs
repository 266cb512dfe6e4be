using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class ProbeHostCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.probe-host",
        Title: "Probe or lifecycle handler targets another host",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Medium,
        Description: "A probe or lifecycle handler with httpGet.host or tcpSocket.host makes the kubelet connect, from the node's network, to any address the pod author chooses (cloud metadata, the node's own services, other tenants). Pod Security Standards baseline forbids it from policy v1.34; decided at the version the namespace enforces.",
        Remediation: "Remove host from the probe or handler (the kubelet then targets the pod's IP); to check another service, probe through the container (exec) instead.",
        References: [References.PodSecurityStandards + " (baseline: Probes / Lifecycle Hooks)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var v in WorkloadPodSecurity.Violations(inventory, w, "hostProbesAndHostLifecycle"))
            {
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, v.Container!, v.Field,
                    $"sets {v.Field} to {v.Value}: the kubelet connects there from the node",
                    new Dictionary<string, string> { ["host"] = v.Value });
            }
        }
    }
}
