using System.Runtime.CompilerServices;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// Which ELBv2 load balancer (<see cref="Inventory.Aws.AwsInventory.LoadBalancers"/>) serves which Service or Ingress,
/// built once per inventory. An object's status hostname equal to the load balancer's DNS name decides first; else the
/// tags the controllers write: <see cref="Elbv2LoadBalancer.ServiceStackTag"/> or
/// <see cref="Elbv2LoadBalancer.InTreeServiceTag"/> (namespace/name) for a Service,
/// <see cref="Elbv2LoadBalancer.IngressStackTag"/> for an Ingress (namespace/name, or the group name of
/// alb.ingress.kubernetes.io/group.name: an Ingress group shares one load balancer).
/// </summary>
public sealed class LoadBalancerMatch
{
    public const string GroupNameAnnotation = "alb.ingress.kubernetes.io/group.name";

    private static readonly ConditionalWeakTable<ClusterInventory, LoadBalancerMatch> Cache = [];

    private readonly Dictionary<string, Elbv2LoadBalancer> _byDnsName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Tag, string Value), Elbv2LoadBalancer> _byTag = [];
    private readonly Dictionary<Elbv2LoadBalancer, List<ResourceRef>> _served = new(ReferenceEqualityComparer.Instance);

    private LoadBalancerMatch(ClusterInventory inventory)
    {
        foreach (var lb in inventory.Aws?.LoadBalancers ?? [])
        {
            _byDnsName.TryAdd(lb.DnsName, lb);
            foreach (var tag in (string[])[Elbv2LoadBalancer.ServiceStackTag, Elbv2LoadBalancer.InTreeServiceTag, Elbv2LoadBalancer.IngressStackTag])
            {
                if (lb.Tags.TryGetValue(tag, out var value))
                    _byTag.TryAdd((tag, value), lb);
            }
        }

        if (_byDnsName.Count == 0)
            return;
        foreach (var svc in inventory.Services)
        {
            if (For(svc) is { } lb)
                Served(lb).Add(ServiceRef(svc));
        }

        foreach (var ingress in inventory.Ingresses)
        {
            if (For(ingress) is { } lb)
                Served(lb).Add(IngressRef(ingress));
        }
    }

    public static LoadBalancerMatch Of(ClusterInventory inventory) => Cache.GetValue(inventory, inv => new LoadBalancerMatch(inv));

    public static ResourceRef ServiceRef(ServiceRecord svc) => new("v1", "Service", svc.Namespace, svc.Name);

    public static ResourceRef IngressRef(IngressRecord ingress) => new("networking.k8s.io/v1", "Ingress", ingress.Namespace, ingress.Name);

    /// <summary>The load balancer serving a Service, or null when none of the cluster's ELBv2 load balancers does.</summary>
    public Elbv2LoadBalancer? For(ServiceRecord svc) =>
        ByHostname(svc.LoadBalancerHostnames)
        ?? _byTag.GetValueOrDefault((Elbv2LoadBalancer.ServiceStackTag, $"{svc.Namespace}/{svc.Name}"))
        ?? _byTag.GetValueOrDefault((Elbv2LoadBalancer.InTreeServiceTag, $"{svc.Namespace}/{svc.Name}"));

    /// <summary>The load balancer serving an Ingress (or its Ingress group), or null when none of the cluster's ELBv2 load balancers does.</summary>
    public Elbv2LoadBalancer? For(IngressRecord ingress) =>
        ByHostname(ingress.LoadBalancerHostnames)
        ?? _byTag.GetValueOrDefault((Elbv2LoadBalancer.IngressStackTag,
            ingress.Annotations.GetValueOrDefault(GroupNameAnnotation) is { Length: > 0 } group ? group : $"{ingress.Namespace}/{ingress.Name}"));

    /// <summary>The Services, then the Ingresses, a load balancer serves (each by namespace and name); empty when none is known.</summary>
    public IReadOnlyList<ResourceRef> Serving(Elbv2LoadBalancer lb) => _served.GetValueOrDefault(lb) ?? [];

    private Elbv2LoadBalancer? ByHostname(IReadOnlyList<string> hostnames)
    {
        foreach (var hostname in hostnames)
        {
            if (_byDnsName.TryGetValue(hostname, out var lb))
                return lb;
        }

        return null;
    }

    private List<ResourceRef> Served(Elbv2LoadBalancer lb)
    {
        if (!_served.TryGetValue(lb, out var list))
            _served[lb] = list = [];
        return list;
    }
}
