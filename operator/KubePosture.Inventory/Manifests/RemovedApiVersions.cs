namespace KubePosture.Inventory.Manifests;

/// <summary>
/// API versions of the kinds the inventory reads that Kubernetes no longer serves, with the version that replaced
/// them and the release that removed them (kubernetes.io/docs/reference/using-api/deprecation-guide). The objects have
/// the same shape as in the replacement version for every field the mappers read (a pod template is a pod template),
/// so manifests that still use them are read as the replacement and assessed like it; the offline scan reports each
/// once as api.removed-version. A cluster never serves them, so the operator never sees one.
/// </summary>
public static class RemovedApiVersions
{
    /// <summary>A removed apiVersion of a kind: what replaces it and the Kubernetes release that removed it.</summary>
    public sealed record Removal(string ApiVersion, string Kind, string ReplacementApiVersion, string RemovedIn);

    public static IReadOnlyList<Removal> All { get; } =
    [
        new("extensions/v1beta1", "Deployment", "apps/v1", "v1.16"),
        new("extensions/v1beta1", "DaemonSet", "apps/v1", "v1.16"),
        new("extensions/v1beta1", "ReplicaSet", "apps/v1", "v1.16"),
        new("extensions/v1beta1", "NetworkPolicy", "networking.k8s.io/v1", "v1.16"),
        new("apps/v1beta1", "Deployment", "apps/v1", "v1.16"),
        new("apps/v1beta1", "StatefulSet", "apps/v1", "v1.16"),
        new("apps/v1beta2", "Deployment", "apps/v1", "v1.16"),
        new("apps/v1beta2", "StatefulSet", "apps/v1", "v1.16"),
        new("apps/v1beta2", "DaemonSet", "apps/v1", "v1.16"),
        new("apps/v1beta2", "ReplicaSet", "apps/v1", "v1.16"),
        new("rbac.authorization.k8s.io/v1beta1", "Role", "rbac.authorization.k8s.io/v1", "v1.22"),
        new("rbac.authorization.k8s.io/v1beta1", "ClusterRole", "rbac.authorization.k8s.io/v1", "v1.22"),
        new("rbac.authorization.k8s.io/v1beta1", "RoleBinding", "rbac.authorization.k8s.io/v1", "v1.22"),
        new("rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", "rbac.authorization.k8s.io/v1", "v1.22"),
        new("batch/v1beta1", "CronJob", "batch/v1", "v1.25"),
    ];

    private static readonly Dictionary<(string ApiVersion, string Kind), Removal> ByApiVersionKind = All.ToDictionary(r => (r.ApiVersion, r.Kind));

    /// <summary>The removal of <paramref name="apiVersion"/> <paramref name="kind"/>, or null when it is served (or unknown).</summary>
    public static Removal? Find(string apiVersion, string kind) => ByApiVersionKind.GetValueOrDefault((apiVersion, kind));
}
