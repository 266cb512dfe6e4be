using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Service;

public sealed class InternetExposedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "svc.internet-exposed",
        Title: "Service exposes workloads to the internet",
        Category: CheckCategory.Service,
        DefaultSeverity: Severity.Medium,
        Description: "A LoadBalancer Service not marked internal gets an internet-facing AWS load balancer; a NodePort Service opens the port on every node. Only Services whose selector matches a workload are reported. loadBalancerSourceRanges that exclude 0.0.0.0/0 lower the severity to Low.",
        Remediation: "Annotate the Service with service.beta.kubernetes.io/aws-load-balancer-scheme: internal (AWS Load Balancer Controller) or aws-load-balancer-internal: \"true\", restrict spec.loadBalancerSourceRanges, or use ClusterIP behind an ingress with authentication.",
        References: [References.EksNetwork, "CIS EKS Benchmark 5.4.5"],
        Sources: [InventorySource.Services, .. InventorySource.Workloads]);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        var byNamespace = inventory.Workloads.ToLookup(w => w.Namespace, StringComparer.Ordinal);
        foreach (var svc in inventory.Services)
        {
            if (svc.Selector.Count == 0)
                continue;
            var selector = new LabelSelector(svc.Selector, []);
            var targets = byNamespace[svc.Namespace].Where(w => selector.Matches(w.PodLabels)).ToList();
            if (targets.Count == 0)
                continue;
            var names = string.Join(", ", targets.Take(10).Select(t => $"{t.Ref.Kind} {t.Ref.Name}"));
            var reference = new ResourceRef("v1", "Service", svc.Namespace, svc.Name);
            var details = new Dictionary<string, string>
            {
                ["type"] = svc.Type,
                ["workloads"] = names,
            };

            if (svc.Type == "LoadBalancer")
            {
                if (!LoadBalancerExposure.IsInternetFacing(svc, out var reason))
                    continue;
                var open = svc.LoadBalancerSourceRanges.Count == 0 || svc.LoadBalancerSourceRanges.Any(r => r is "0.0.0.0/0" or "::/0");
                var ranges = svc.LoadBalancerSourceRanges.Count == 0 ? "from anywhere" : $"from {string.Join(", ", svc.LoadBalancerSourceRanges)}";
                details["loadBalancerSourceRanges"] = string.Join(",", svc.LoadBalancerSourceRanges);
                yield return new Finding(Descriptor.Id, open ? Descriptor.DefaultSeverity : Severity.Low, reference,
                    $"Service {svc.Namespace}/{svc.Name} is an internet-facing LoadBalancer ({reason}) reachable {ranges}, in front of {names}",
                    details);
            }
            else if (svc.Type == "NodePort")
            {
                var ports = svc.NodePorts.Count == 0 ? "allocated node ports" : $"node ports {string.Join(", ", svc.NodePorts)}";
                details["nodePorts"] = string.Join(",", svc.NodePorts);
                yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, reference,
                    $"Service {svc.Namespace}/{svc.Name} is a NodePort Service opening {ports} on every node, in front of {names}",
                    details);
            }
        }
    }
}
