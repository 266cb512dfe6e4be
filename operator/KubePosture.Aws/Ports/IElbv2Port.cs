using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>Elastic Load Balancing v2 (application, network and gateway load balancers), read-only.</summary>
public interface IElbv2Port
{
    /// <summary>
    /// Every load balancer of the region (DescribeLoadBalancers, all pages of 400, at most
    /// <see cref="Elbv2Limits.MaxLoadBalancers"/>: more is an error, not a silently shortened list). Each comes with
    /// empty tags, listeners and attributes and no web ACL: those are read per load balancer, for the cluster's only.
    /// </summary>
    Task<IReadOnlyList<Elbv2LoadBalancer>> DescribeLoadBalancersAsync(CancellationToken cancellationToken);

    /// <summary>The tags of these load balancers by ARN (DescribeTags, 20 ARNs per call); an ARN that answers no tags maps to an empty set.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeTagsAsync(IReadOnlyList<string> loadBalancerArns, CancellationToken cancellationToken);

    /// <summary>The load balancer's listeners (DescribeListeners, all pages); null when the load balancer no longer exists (LoadBalancerNotFound).</summary>
    Task<IReadOnlyList<Elbv2Listener>?> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken);

    /// <summary>
    /// The load balancer's attributes by key (access_logs.s3.enabled, deletion_protection.enabled, ...); null when the
    /// load balancer no longer exists (LoadBalancerNotFound).
    /// </summary>
    Task<IReadOnlyDictionary<string, string>?> DescribeLoadBalancerAttributesAsync(string loadBalancerArn, CancellationToken cancellationToken);
}

/// <summary>The bounds of the ELBv2 reads.</summary>
public static class Elbv2Limits
{
    /// <summary>DescribeLoadBalancers' largest page.</summary>
    public const int PageSize = 400;

    /// <summary>DescribeTags takes at most 20 resource ARNs per call.</summary>
    public const int TagsBatch = 20;

    /// <summary>Load balancers one region may hold for a scan to read them (25 pages of 400).</summary>
    public const int MaxLoadBalancers = 10_000;
}
