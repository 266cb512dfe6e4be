namespace KubePosture.Checks.Inventory;

public sealed record NamespaceRecord(string Name, IReadOnlyDictionary<string, string> Labels);

/// <summary>A ServiceAccount. <see cref="IrsaRoleArn"/> is its <c>eks.amazonaws.com/role-arn</c> annotation.</summary>
public sealed record ServiceAccountRecord(string Namespace, string Name, bool? AutomountServiceAccountToken, string? IrsaRoleArn);

/// <summary>
/// A NetworkPolicy with its effective policy types: as the API defines, Ingress always applies when
/// policyTypes is unset, and Egress then applies only when egress rules are present.
/// </summary>
public sealed record NetworkPolicyRecord(
    string Namespace,
    string Name,
    LabelSelector PodSelector,
    bool AffectsIngress,
    bool AffectsEgress,
    IReadOnlyList<NetworkPolicyRuleRecord> Ingress,
    IReadOnlyList<NetworkPolicyRuleRecord> Egress);

/// <summary>An ingress (from) or egress (to) rule. Empty <see cref="Peers"/> means all peers; empty <see cref="Ports"/> all ports.</summary>
public sealed record NetworkPolicyRuleRecord(IReadOnlyList<NetworkPolicyPeerRecord> Peers, IReadOnlyList<string> Ports);

/// <summary>A peer: pod and/or namespace selector (null = absent), or an ipBlock.</summary>
public sealed record NetworkPolicyPeerRecord(LabelSelector? PodSelector, LabelSelector? NamespaceSelector, string? IpBlockCidr, IReadOnlyList<string> IpBlockExcept);

/// <summary>A Service with the fields exposure checks read. Annotations: only load-balancer related ones are kept.</summary>
public sealed record ServiceRecord(
    string Namespace,
    string Name,
    string Type,
    IReadOnlyDictionary<string, string> Selector,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<int> NodePorts,
    IReadOnlyList<string> LoadBalancerSourceRanges,
    string? LoadBalancerClass)
{
    /// <summary>status.loadBalancer.ingress[].hostname: the DNS names of the load balancers serving this Service.</summary>
    public IReadOnlyList<string> LoadBalancerHostnames { get; init; } = [];
}

/// <summary>
/// An Ingress (networking.k8s.io/v1). <see cref="IngressClassName"/> is spec.ingressClassName, else the
/// kubernetes.io/ingress.class annotation. Annotations: only the load-balancer related ones are kept
/// (alb.ingress.kubernetes.io/*). <see cref="Backends"/> lists the default backend and every rule path that routes to
/// a Service; <see cref="LoadBalancerHostnames"/> is status.loadBalancer.ingress[].hostname.
/// </summary>
public sealed record IngressRecord(
    string Namespace,
    string Name,
    string? IngressClassName,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<IngressBackendRecord> Backends,
    IReadOnlyList<string> TlsHosts,
    IReadOnlyList<string> LoadBalancerHostnames);

/// <summary>
/// An IngressClass (networking.k8s.io/v1): its spec.controller (ingress.k8s.aws/alb for the AWS Load Balancer
/// Controller) and whether it is the default class (annotation ingressclass.kubernetes.io/is-default-class: "true").
/// </summary>
public sealed record IngressClassRecord(string Name, string Controller, bool IsDefault);

/// <summary>One route of an Ingress to a Service of its namespace (Host and Path null for the default backend).</summary>
public sealed record IngressBackendRecord(string? Host, string? Path, string ServiceName, string? ServicePort);

/// <summary>A Node. Versions as reported by the kubelet (v1.31.2-eks-...).</summary>
public sealed record NodeRecord(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string KubeletVersion,
    string OsImage,
    string ContainerRuntimeVersion,
    string? ProviderId,
    DateTimeOffset CreationTimestamp,
    bool Ready,
    IReadOnlyList<string> InternalIps,
    IReadOnlyList<string> ExternalIps);

/// <summary>
/// An object a manifest wrote in an API version Kubernetes removed (<see cref="Resource"/> names it as written), read
/// and assessed as <see cref="ReplacementApiVersion"/>; <see cref="RemovedIn"/> is the release that stopped serving it.
/// Only offline scans see these: a cluster serves no removed version.
/// </summary>
public sealed record RemovedApiObjectRecord(Model.ResourceRef Resource, string ReplacementApiVersion, string RemovedIn);
