using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;

namespace KubePosture.Aws.Collection;

/// <summary>
/// The cluster's ELBv2 load balancers: every load balancer of the region is listed and its tags read (20 per call);
/// one is the cluster's when the AWS Load Balancer Controller tagged it with the cluster name
/// (<see cref="Elbv2LoadBalancer.ClusterTag"/>), when it carries the in-tree provider's kubernetes.io/cluster/&lt;name&gt;
/// tag key, or when its DNS name is the status hostname of one of the cluster's Services or Ingresses. Only those are
/// described further (listeners, attributes, and for application load balancers the WAF web ACL): load balancers of
/// other clusters are never read beyond their description and tags.
/// </summary>
public sealed partial class AwsInventoryCollector
{
    /// <summary>The in-tree cloud provider's and the controller's cluster tag key prefix (kubernetes.io/cluster/&lt;name&gt;: owned or shared).</summary>
    public const string ClusterTagKeyPrefix = "kubernetes.io/cluster/";

    private static async Task<IReadOnlyList<Elbv2LoadBalancer>> CollectLoadBalancersAsync(
        ClusterInventory cluster, IAwsSession session, Run run, string clusterName, CancellationToken ct)
    {
        var all = await run.Try(InventorySource.AwsElbv2, "elasticloadbalancing:DescribeLoadBalancers", () => session.Elbv2.DescribeLoadBalancersAsync(ct)) ?? [];
        if (all.Count == 0)
            return [];

        // Without tags (denied), the load balancers the cluster's objects name by DNS are still the cluster's.
        var arns = all.Select(lb => lb.Arn).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var tags = await run.Try(InventorySource.AwsElbv2, "elasticloadbalancing:DescribeTags", () => session.Elbv2.DescribeTagsAsync(arns, ct));
        var hostnames = cluster.Services.SelectMany(s => s.LoadBalancerHostnames).Concat(cluster.Ingresses.SelectMany(i => i.LoadBalancerHostnames))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var theirs = all.OrderBy(lb => lb.Name, StringComparer.Ordinal).ThenBy(lb => lb.Arn, StringComparer.Ordinal)
            .Select(lb => lb with { Tags = tags?.GetValueOrDefault(lb.Arn) ?? lb.Tags })
            .Where(lb => BelongsToCluster(lb.Tags, lb.DnsName, clusterName, hostnames)).ToList();

        // Up to three calls per load balancer, load balancers concurrently (the ELBv2 and WAF limiters bound the
        // requests), in name order. Null: deleted since it was listed.
        var described = new Elbv2LoadBalancer?[theirs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, theirs.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, _) =>
            described[i] = await DescribeLoadBalancerAsync(theirs[i], session, run, ct));
        return [.. described.OfType<Elbv2LoadBalancer>()];
    }

    /// <summary>Listeners, attributes and (application load balancers) the WAF web ACL; null when the load balancer no longer exists.</summary>
    private static async Task<Elbv2LoadBalancer?> DescribeLoadBalancerAsync(Elbv2LoadBalancer lb, IAwsSession session, Run run, CancellationToken ct)
    {
        // An answered null: the load balancer was deleted since it was listed, and is no longer the cluster's to judge.
        var (listenersAnswered, listeners) = await run.TryRead(InventorySource.AwsElbv2, "elasticloadbalancing:DescribeListeners",
            () => session.Elbv2.DescribeListenersAsync(lb.Arn, ct));
        if (listenersAnswered && listeners is null)
            return null;
        var (attributesAnswered, attributes) = await run.TryRead(InventorySource.AwsElbv2, "elasticloadbalancing:DescribeLoadBalancerAttributes",
            () => session.Elbv2.DescribeLoadBalancerAttributesAsync(lb.Arn, ct));
        if (attributesAnswered && attributes is null)
            return null;
        var webAcl = lb.IsApplication
            ? await run.Try(InventorySource.AwsWafv2, "wafv2:GetWebACLForResource", () => session.Wafv2.GetWebAclArnForResourceAsync(lb.Arn, ct))
            : null;
        return lb with { Listeners = listeners ?? [], Attributes = attributes ?? lb.Attributes, WebAclArn = webAcl };
    }

    /// <summary>Whether a load balancer belongs to the cluster: its tags name the cluster, or a Service or Ingress of the cluster names its DNS name.</summary>
    public static bool BelongsToCluster(IReadOnlyDictionary<string, string> tags, string dnsName, string clusterName, IReadOnlySet<string> hostnames) =>
        tags.GetValueOrDefault(Elbv2LoadBalancer.ClusterTag) == clusterName
        || tags.ContainsKey(ClusterTagKeyPrefix + clusterName)
        || (dnsName.Length > 0 && hostnames.Contains(dnsName));
}
