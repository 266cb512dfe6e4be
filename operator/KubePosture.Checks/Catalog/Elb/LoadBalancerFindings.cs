using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Elb;

/// <summary>Shared sources, resource and evidence of findings about the cluster's ELBv2 load balancers.</summary>
internal static class LoadBalancerFindings
{
    /// <summary>Which load balancers are the cluster's: listed, then their tags read (the cluster tag decides).</summary>
    public static IReadOnlyList<string> Sources { get; } =
        [InventorySource.AwsElbv2, "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTags"];

    public static string TypeName(Elbv2LoadBalancer lb) => lb.Type switch
    {
        "application" => "Application Load Balancer",
        "network" => "Network Load Balancer",
        "gateway" => "Gateway Load Balancer",
        _ => $"{lb.Type} load balancer",
    };

    /// <summary>A finding on the load balancer naming the Services and Ingresses it serves, when known.</summary>
    public static Finding Finding(CheckDescriptor descriptor, Severity severity, ClusterInventory inventory, Elbv2LoadBalancer lb, string what,
        params (string Key, string Value)[] extra)
    {
        var serving = LoadBalancerMatch.Of(inventory).Serving(lb);
        var serves = string.Join(", ", serving.Select(r => $"{r.Kind} {r.Namespace}/{r.Name}"));
        var details = new Dictionary<string, string>
        {
            ["loadBalancerArn"] = lb.Arn,
            ["dnsName"] = lb.DnsName,
            ["scheme"] = lb.Scheme,
            ["type"] = lb.Type,
        };
        if (serves.Length > 0) details["serves"] = serves;
        foreach (var (k, v) in extra) details[k] = v;
        var servesText = serves.Length > 0 ? $" (serving {serves})" : "";
        return new Finding(descriptor.Id, severity, AwsResources.LoadBalancer(lb.Name), $"{lb.Scheme} {TypeName(lb)} {lb.Name}{servesText} {what}", details);
    }
}
