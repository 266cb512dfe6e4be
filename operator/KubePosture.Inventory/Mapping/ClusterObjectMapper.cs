using k8s.Models;
using KubePosture.Checks.Inventory;

namespace KubePosture.Inventory.Mapping;

/// <summary>Namespaces, ServiceAccounts, Services and Nodes to their slim records.</summary>
internal static class ClusterObjectMapper
{
    public const string IrsaRoleArnAnnotation = "eks.amazonaws.com/role-arn";

    public static NamespaceRecord Map(V1Namespace ns, StringPool pool)
        => new(pool.Intern(ns.Metadata?.Name ?? ""), pool.Map(ns.Metadata?.Labels));

    public static ServiceAccountRecord Map(V1ServiceAccount sa, StringPool pool)
    {
        string? roleArn = null;
        sa.Metadata?.Annotations?.TryGetValue(IrsaRoleArnAnnotation, out roleArn);
        return new ServiceAccountRecord(
            pool.Intern(WorkloadMapper.NamespaceOf(sa.Metadata)),
            pool.Intern(sa.Metadata?.Name ?? ""),
            sa.AutomountServiceAccountToken,
            string.IsNullOrEmpty(roleArn) ? null : roleArn);
    }

    /// <summary>Keeps only load-balancer annotations (AWS, cloud-provider and in-tree "internal" markers).</summary>
    public static bool IsLoadBalancerAnnotation(string key) =>
        key.Contains("load-balancer", StringComparison.OrdinalIgnoreCase)
        || key.Contains("loadbalancer", StringComparison.OrdinalIgnoreCase);

    public static ServiceRecord Map(V1Service svc, StringPool pool)
    {
        var spec = svc.Spec;
        return new ServiceRecord(
            pool.Intern(WorkloadMapper.NamespaceOf(svc.Metadata)),
            pool.Intern(svc.Metadata?.Name ?? ""),
            pool.Intern(string.IsNullOrEmpty(spec?.Type) ? "ClusterIP" : spec.Type),
            pool.Map(spec?.Selector),
            pool.Map(svc.Metadata?.Annotations, IsLoadBalancerAnnotation),
            spec?.Ports?.Where(p => p.NodePort is > 0).Select(p => p.NodePort!.Value).ToArray() ?? [],
            pool.List(spec?.LoadBalancerSourceRanges),
            pool.InternOrNull(spec?.LoadBalancerClass))
        {
            LoadBalancerHostnames = pool.List(svc.Status?.LoadBalancer?.Ingress?.Select(i => i.Hostname)),
        };
    }

    public static NodeRecord Map(V1Node node, StringPool pool)
    {
        var info = node.Status?.NodeInfo;
        var addresses = node.Status?.Addresses ?? [];
        return new NodeRecord(
            pool.Intern(node.Metadata?.Name ?? ""),
            pool.Map(node.Metadata?.Labels),
            pool.Intern(info?.KubeletVersion ?? ""),
            pool.Intern(info?.OsImage ?? ""),
            pool.Intern(info?.ContainerRuntimeVersion ?? ""),
            node.Spec?.ProviderID,
            node.Metadata?.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : DateTimeOffset.MinValue,
            node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false,
            addresses.Where(a => a.Type == "InternalIP").Select(a => a.Address).ToArray(),
            addresses.Where(a => a.Type == "ExternalIP").Select(a => a.Address).ToArray());
    }
}
