using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Service;

public sealed class InternetExposedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "svc.internet-exposed",
        Title: "Service or Ingress exposes workloads to the internet",
        Category: CheckCategory.Service,
        DefaultSeverity: Severity.Medium,
        Description: "A LoadBalancer Service whose load balancer faces the internet, a NodePort Service (its port is open on every node), or an Ingress served by an internet-facing Application Load Balancer (AWS Load Balancer Controller) in front of Services that select workloads. When the cluster's ELBv2 load balancers were read, the load balancer's real scheme decides; otherwise the annotations do (the in-tree provider is internet-facing unless marked internal, the AWS Load Balancer Controller internal unless its scheme annotation says internet-facing). Only paths that reach a workload are reported. loadBalancerSourceRanges or alb.ingress.kubernetes.io/inbound-cidrs that exclude 0.0.0.0/0 lower the severity to Low.",
        Remediation: "Annotate the Service with service.beta.kubernetes.io/aws-load-balancer-scheme: internal (AWS Load Balancer Controller) or aws-load-balancer-internal: \"true\", or the Ingress with alb.ingress.kubernetes.io/scheme: internal; restrict spec.loadBalancerSourceRanges or alb.ingress.kubernetes.io/inbound-cidrs; or use ClusterIP behind an ingress with authentication.",
        References: [References.EksNetwork, "AWS Load Balancer Controller Ingress annotations: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/"],
        Sources: [InventorySource.Services, InventorySource.Ingresses, .. InventorySource.Workloads]);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var path in InternetExposure.Paths(inventory))
        {
            var names = string.Join(", ", path.Workloads.Take(10).Select(t => $"{t.Ref.Kind} {t.Ref.Name}"));
            var entry = path.Entry;
            var details = new Dictionary<string, string>
            {
                ["type"] = path.Kind,
                ["workloads"] = names,
            };
            var severity = path.Open ? Descriptor.DefaultSeverity : Severity.Low;
            switch (path.Kind)
            {
                case "LoadBalancer":
                    details["loadBalancerSourceRanges"] = string.Join(",", path.SourceRanges);
                    path.AddDecision(details);
                    yield return new Finding(Descriptor.Id, severity, entry,
                        $"Service {entry.Namespace}/{entry.Name} is an internet-facing LoadBalancer ({path.Reason}) reachable {path.Ranges}, in front of {names}",
                        details);
                    break;
                case "NodePort":
                    var nodePorts = path.NodePorts;
                    var ports = nodePorts.Count == 0 ? "allocated node ports" : $"node ports {string.Join(", ", nodePorts)}";
                    details["nodePorts"] = string.Join(",", nodePorts);
                    yield return new Finding(Descriptor.Id, severity, entry,
                        $"Service {entry.Namespace}/{entry.Name} is a NodePort Service opening {ports} on every node, in front of {names}",
                        details);
                    break;
                default:
                    details["services"] = string.Join(",", path.Services);
                    details["inboundCidrs"] = string.Join(",", path.SourceRanges);
                    path.AddDecision(details);
                    yield return new Finding(Descriptor.Id, severity, entry,
                        $"Ingress {entry.Namespace}/{entry.Name} is served by an internet-facing Application Load Balancer ({path.Reason}) reachable {path.Ranges}, routing to Service {string.Join(", ", path.Services)} in front of {names}",
                        details);
                    break;
            }
        }
    }
}
