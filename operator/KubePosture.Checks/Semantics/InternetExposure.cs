using System.Runtime.CompilerServices;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// The one exposure model: the ways the internet reaches each workload, built once per inventory. A path is
/// <list type="bullet">
/// <item>a LoadBalancer Service whose load balancer faces the internet,</item>
/// <item>a NodePort Service (its port is open on every node), or</item>
/// <item>an Ingress served by an internet-facing Application Load Balancer, through the Services of its namespace it
/// routes to, to the workloads their selectors match.</item>
/// </list>
/// Whether a load balancer faces the internet: when <see cref="LoadBalancerMatch"/> finds the object's load balancer
/// among the cluster's ELBv2 load balancers, its real scheme decides; otherwise the annotations do
/// (<see cref="LoadBalancerExposure"/> for Services; for Ingresses the AWS Load Balancer Controller's default,
/// internal unless alb.ingress.kubernetes.io/scheme is internet-facing), and when the ELBv2 read failed the path says
/// it was decided from annotations only. loadBalancerSourceRanges (Services) and alb.ingress.kubernetes.io/inbound-cidrs
/// (Ingresses) that do not include 0.0.0.0/0 or ::/0 make a path restricted.
/// </summary>
public static class InternetExposure
{
    public const string AlbIngressClass = "alb";
    public const string AlbController = "ingress.k8s.aws/alb";
    public const string IngressSchemeAnnotation = "alb.ingress.kubernetes.io/scheme";
    public const string InboundCidrsAnnotation = "alb.ingress.kubernetes.io/inbound-cidrs";

    /// <summary>One way in.</summary>
    /// <param name="Entry">The Service or Ingress the internet reaches first.</param>
    /// <param name="Kind">LoadBalancer, NodePort or Ingress.</param>
    /// <param name="Description">"internet-facing LoadBalancer Service ns/name", "NodePort Service ns/name", "internet-facing ALB Ingress ns/name".</param>
    /// <param name="Reason">Why the load balancer faces the internet (empty for NodePort).</param>
    /// <param name="SourceRanges">loadBalancerSourceRanges or inbound-cidrs; empty means from anywhere.</param>
    /// <param name="LoadBalancer">The ELBv2 load balancer whose scheme decided, or null when annotations decided.</param>
    /// <param name="AnnotationsOnly">Why the ELBv2 load balancers could not be read, when annotations decided because of it.</param>
    /// <param name="Services">The Services on the path (the Service itself, or the Ingress's backends that select a workload).</param>
    /// <param name="NodePorts">The node ports a NodePort Service opens (empty for other paths).</param>
    public sealed record Path(
        ResourceRef Entry,
        string Kind,
        string Description,
        string Reason,
        IReadOnlyList<string> SourceRanges,
        Elbv2LoadBalancer? LoadBalancer,
        string? AnnotationsOnly,
        IReadOnlyList<string> Services,
        IReadOnlyList<WorkloadRecord> Workloads,
        IReadOnlyList<int> NodePorts)
    {
        /// <summary>Reachable from any address: no source ranges, or 0.0.0.0/0 or ::/0 among them (NodePort paths always).</summary>
        public bool Open => SourceRanges.Count == 0 || SourceRanges.Any(r => r is "0.0.0.0/0" or "::/0");

        /// <summary>"from anywhere" or "from 10.0.0.0/8, ...".</summary>
        public string Ranges => SourceRanges.Count == 0 ? "from anywhere" : $"from {string.Join(", ", SourceRanges)}";

        /// <summary>Adds to a finding's details how the internet-facing decision was made (load balancer or annotations only).</summary>
        public void AddDecision(Dictionary<string, string> details)
        {
            if (LoadBalancer is { } lb)
            {
                details["loadBalancer"] = lb.Name;
                details["decidedBy"] = $"the load balancer's scheme ({lb.Scheme}, elasticloadbalancing:DescribeLoadBalancers)";
            }
            else if (AnnotationsOnly is { } why)
            {
                details["decidedBy"] = $"annotations only: {why}";
            }
        }
    }

    /// <summary>The ELBv2 reads that find an object's load balancer and its scheme; when one failed, annotations decide.</summary>
    public static IReadOnlyList<string> ReadActions { get; } = ["elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTags"];

    private static readonly ConditionalWeakTable<ClusterInventory, IReadOnlyList<Path>> Cache = [];

    /// <summary>Every internet path to a workload, Services first then Ingresses, each by namespace and name.</summary>
    public static IReadOnlyList<Path> Paths(ClusterInventory inventory) => Cache.GetValue(inventory, Build);

    /// <summary>The workloads reachable from any address, with their open paths (restricted paths are left out).</summary>
    public static Dictionary<WorkloadRecord, List<Path>> OpenByWorkload(ClusterInventory inventory)
    {
        var result = new Dictionary<WorkloadRecord, List<Path>>(ReferenceEqualityComparer.Instance);
        foreach (var path in Paths(inventory).Where(p => p.Open))
        {
            foreach (var w in path.Workloads)
            {
                if (!result.TryGetValue(w, out var list))
                    result[w] = list = [];
                list.Add(path);
            }
        }

        return result;
    }

    /// <summary>
    /// Whether the AWS Load Balancer Controller serves the Ingress: its IngressClass's controller is ingress.k8s.aws/alb
    /// (the default class when it names none), or, with no such IngressClass known, its class is alb. When the
    /// IngressClasses could not be read (a tenant scan, or forbidden), an Ingress carrying alb.ingress.kubernetes.io/*
    /// annotations counts too: an unknown class never hides an exposure.
    /// </summary>
    public static bool IsAlbIngress(IngressRecord ingress, IReadOnlyList<IngressClassRecord> classes, bool classesUnreadable = false)
    {
        var ingressClass = ingress.IngressClassName is { } name
            ? classes.FirstOrDefault(c => c.Name == name)
            : classes.FirstOrDefault(c => c.IsDefault);
        if (ingressClass is not null)
            return ingressClass.Controller == AlbController;
        return ingress.IngressClassName == AlbIngressClass || (classesUnreadable && ingress.Annotations.Count > 0);
    }

    private static IReadOnlyList<Path> Build(ClusterInventory inventory)
    {
        var paths = new List<Path>();
        var byNamespace = inventory.Workloads.ToLookup(w => w.Namespace, StringComparer.Ordinal);
        var servicesByName = inventory.Services.ToDictionary(s => (s.Namespace, s.Name));
        var match = LoadBalancerMatch.Of(inventory);
        var classesUnreadable = inventory.UnavailableSources.ContainsKey(InventorySource.IngressClasses);
        var elbv2Missing = ReadActions.Select(a => inventory.Aws?.UnavailableFor(a)).FirstOrDefault(u => u is not null) is { } missing
            ? $"{InventorySource.AwsElbv2} unavailable ({missing})"
            : null;

        // A Service's selection is computed once, and only for Services on a path (LoadBalancer, NodePort, an
        // Ingress backend): most Services are ClusterIP and are never matched against the workloads.
        var selectedBy = new Dictionary<ServiceRecord, List<WorkloadRecord>>(ReferenceEqualityComparer.Instance);
        List<WorkloadRecord> SelectedBy(ServiceRecord svc)
        {
            if (!selectedBy.TryGetValue(svc, out var selected))
                selectedBy[svc] = selected = Selected(byNamespace, svc);
            return selected;
        }

        foreach (var svc in inventory.Services)
        {
            if (svc.Type is not ("LoadBalancer" or "NodePort"))
                continue;
            var workloads = SelectedBy(svc);
            if (workloads.Count == 0)
                continue;
            var entry = LoadBalancerMatch.ServiceRef(svc);
            if (svc.Type == "LoadBalancer")
            {
                var lb = match.For(svc);
                string reason;
                bool facing;
                if (lb is not null)
                    (facing, reason) = (lb.InternetFacing, $"load balancer {lb.Name} is {lb.Scheme}");
                else
                    facing = LoadBalancerExposure.IsInternetFacing(svc, out reason);
                if (!facing)
                    continue;
                paths.Add(new Path(entry, "LoadBalancer", $"internet-facing LoadBalancer Service {svc.Namespace}/{svc.Name}", reason,
                    svc.LoadBalancerSourceRanges, lb, lb is null ? elbv2Missing : null, [svc.Name], workloads, []));
            }
            else if (svc.Type == "NodePort")
            {
                paths.Add(new Path(entry, "NodePort", $"NodePort Service {svc.Namespace}/{svc.Name}", "", [], null, null, [svc.Name], workloads, svc.NodePorts));
            }
        }

        foreach (var ingress in inventory.Ingresses)
        {
            var lb = match.For(ingress);
            if (lb is null && !IsAlbIngress(ingress, inventory.IngressClasses, classesUnreadable))
                continue;
            var scheme = ingress.Annotations.GetValueOrDefault(IngressSchemeAnnotation);
            var facing = lb?.InternetFacing ?? scheme == "internet-facing";
            if (!facing)
                continue;
            var reason = lb is not null ? $"load balancer {lb.Name} is {lb.Scheme}" : $"{IngressSchemeAnnotation}: {scheme}";
            var services = new List<string>();
            var workloads = new List<WorkloadRecord>();
            var added = new HashSet<WorkloadRecord>(ReferenceEqualityComparer.Instance);
            foreach (var name in ingress.Backends.Select(b => b.ServiceName).Distinct(StringComparer.Ordinal))
            {
                if (!servicesByName.TryGetValue((ingress.Namespace, name), out var svc))
                    continue;
                var selected = SelectedBy(svc);
                if (selected.Count == 0)
                    continue;
                services.Add(name);
                workloads.AddRange(selected.Where(added.Add));
            }

            if (workloads.Count == 0)
                continue;
            var ranges = ingress.Annotations.GetValueOrDefault(InboundCidrsAnnotation) is { Length: > 0 } cidrs
                ? cidrs.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : [];
            paths.Add(new Path(LoadBalancerMatch.IngressRef(ingress), "Ingress", $"internet-facing ALB Ingress {ingress.Namespace}/{ingress.Name}", reason,
                ranges, lb, lb is null ? elbv2Missing : null, services, workloads, []));
        }

        return paths;
    }

    private static List<WorkloadRecord> Selected(ILookup<string, WorkloadRecord> byNamespace, ServiceRecord svc)
    {
        if (svc.Selector.Count == 0)
            return [];
        var selector = new LabelSelector(svc.Selector, []);
        return byNamespace[svc.Namespace].Where(w => selector.Matches(w.PodLabels)).ToList();
    }
}
