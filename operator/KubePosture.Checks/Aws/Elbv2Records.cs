namespace KubePosture.Checks.Aws;

/// <summary>
/// An Elastic Load Balancing v2 load balancer (DescribeLoadBalancers) with its tags (DescribeTags), listeners
/// (DescribeListeners), attributes (DescribeLoadBalancerAttributes: access_logs.s3.enabled, ...) and, for an
/// Application Load Balancer, the ARN of the WAF web ACL associated with it (wafv2:GetWebACLForResource; null when
/// none is associated). A denied or unreachable read is in <see cref="Inventory.Aws.AwsInventory.Unavailable"/>.
/// </summary>
/// <param name="Type">application, network or gateway.</param>
/// <param name="Scheme">internet-facing or internal.</param>
public sealed record Elbv2LoadBalancer(
    string Arn,
    string Name,
    string DnsName,
    string Type,
    string Scheme,
    string? VpcId,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<Elbv2Listener> Listeners,
    IReadOnlyDictionary<string, string> Attributes,
    string? WebAclArn)
{
    /// <summary>The AWS Load Balancer Controller tags every load balancer it makes with the cluster name.</summary>
    public const string ClusterTag = "elbv2.k8s.aws/cluster";

    /// <summary>The AWS Load Balancer Controller's tag naming the Service (namespace/name) of a network load balancer.</summary>
    public const string ServiceStackTag = "service.k8s.aws/stack";

    /// <summary>The AWS Load Balancer Controller's tag naming the Ingress (namespace/name) or Ingress group (group name) of an application load balancer.</summary>
    public const string IngressStackTag = "ingress.k8s.aws/stack";

    /// <summary>The in-tree cloud provider's tag naming the Service (namespace/name) of a load balancer it made.</summary>
    public const string InTreeServiceTag = "kubernetes.io/service-name";

    public bool InternetFacing => Scheme == "internet-facing";

    public bool IsApplication => Type == "application";
}

/// <summary>A listener: port, protocol (HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP), the TLS policy and certificates of HTTPS and TLS listeners, and its default actions.</summary>
public sealed record Elbv2Listener(
    string Arn,
    int Port,
    string Protocol,
    string? SslPolicy,
    IReadOnlyList<string> CertificateArns,
    IReadOnlyList<Elbv2Action> DefaultActions);

/// <summary>A listener action: forward, redirect (with the protocol and port it redirects to), fixed-response, authenticate-oidc, authenticate-cognito.</summary>
public sealed record Elbv2Action(string Type, string? RedirectProtocol, string? RedirectPort);
