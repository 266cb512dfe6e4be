namespace KubePosture.Api.Tests;

/// <summary>A stand-in for the check catalog: the validators take ids and categories, not the catalog itself.</summary>
internal static class Catalog
{
    public static readonly string[] CheckIds =
    [
        "pod.privileged", "pod.run-as-root", "pod.host-network", "pod.privilege-escalation",
        "rbac.cluster-admin-binding", "rbac.nodes-proxy", "netpol.namespace-missing",
        "ecr.image-vulnerable", "image.non-ecr", "node.stale",
    ];

    public static readonly string[] Categories =
        ["pod-security", "image", "namespace", "rbac", "network-policy", "service", "node", "eks", "ecr", "vpc", "iam", "ecs", "linked"];

    public static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);
}
