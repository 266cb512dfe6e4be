using k8s.Models;
using KubePosture.Checks.Inventory;

namespace KubePosture.Inventory;

/// <summary>The table of kinds the store accepts, and lookups over it.</summary>
internal static class InventoryKinds
{
    public static IReadOnlyList<InventoryKind> All { get; } =
    [
        new(InventorySource.Namespaces, "", "v1", "namespaces", "Namespace", false, typeof(V1Namespace)),
        new(InventorySource.Pods, "", "v1", "pods", "Pod", true, typeof(V1Pod)),
        new(InventorySource.Nodes, "", "v1", "nodes", "Node", false, typeof(V1Node)),
        new(InventorySource.Services, "", "v1", "services", "Service", true, typeof(V1Service)),
        new(InventorySource.ServiceAccounts, "", "v1", "serviceaccounts", "ServiceAccount", true, typeof(V1ServiceAccount)),
        new(InventorySource.ConfigMapAwsAuth, "", "v1", "configmaps", "ConfigMap", true, typeof(V1ConfigMap)),
        new(InventorySource.ReplicationControllers, "", "v1", "replicationcontrollers", "ReplicationController", true, typeof(V1ReplicationController)),
        new(InventorySource.Deployments, "apps", "v1", "deployments", "Deployment", true, typeof(V1Deployment)),
        new(InventorySource.ReplicaSets, "apps", "v1", "replicasets", "ReplicaSet", true, typeof(V1ReplicaSet)),
        new(InventorySource.StatefulSets, "apps", "v1", "statefulsets", "StatefulSet", true, typeof(V1StatefulSet)),
        new(InventorySource.DaemonSets, "apps", "v1", "daemonsets", "DaemonSet", true, typeof(V1DaemonSet)),
        new(InventorySource.Jobs, "batch", "v1", "jobs", "Job", true, typeof(V1Job)),
        new(InventorySource.CronJobs, "batch", "v1", "cronjobs", "CronJob", true, typeof(V1CronJob)),
        new(InventorySource.Roles, "rbac.authorization.k8s.io", "v1", "roles", "Role", true, typeof(V1Role)),
        new(InventorySource.ClusterRoles, "rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, typeof(V1ClusterRole)),
        new(InventorySource.RoleBindings, "rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, typeof(V1RoleBinding)),
        new(InventorySource.ClusterRoleBindings, "rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, typeof(V1ClusterRoleBinding)),
        new(InventorySource.NetworkPolicies, "networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, typeof(V1NetworkPolicy)),
        new(InventorySource.Ingresses, "networking.k8s.io", "v1", "ingresses", "Ingress", true, typeof(V1Ingress)),
        new(InventorySource.IngressClasses, "networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, typeof(V1IngressClass)),
        new(InventorySource.StorageClasses, "storage.k8s.io", "v1", "storageclasses", "StorageClass", false, typeof(V1StorageClass)),
        new(InventorySource.PersistentVolumes, "", "v1", "persistentvolumes", "PersistentVolume", false, typeof(V1PersistentVolume)),
    ];

    private static readonly Dictionary<Type, InventoryKind> ByType = All.ToDictionary(k => k.ClrType);
    private static readonly Dictionary<string, InventoryKind> BySource = All.ToDictionary(k => k.Source, StringComparer.Ordinal);
    private static readonly Dictionary<(string ApiVersion, string Kind), InventoryKind> ByApiVersionKind =
        All.ToDictionary(k => (k.ApiVersion, k.Kind));

    public static InventoryKind? ForType(Type type) => ByType.GetValueOrDefault(type);

    public static InventoryKind? ForSource(string source) => BySource.GetValueOrDefault(source);

    public static InventoryKind? ForApiVersionKind(string apiVersion, string kind) => ByApiVersionKind.GetValueOrDefault((apiVersion, kind));

    /// <summary>Kinds whose pods (or Jobs, ReplicaSets) the store folds into the owner.</summary>
    public static bool IsTrackedWorkloadOwner(string group, string kind) => (group, kind) switch
    {
        ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") => true,
        ("batch", "Job" or "CronJob") => true,
        ("", "ReplicationController") => true,
        _ => false,
    };

    private static readonly Dictionary<(string Group, string Kind), string> WorkloadSources = All
        .Where(k => InventorySource.Workloads.Contains(k.Source))
        .ToDictionary(k => (k.Group, k.Kind), k => k.Source);

    /// <summary>The workload source of an owner's group and kind, or null when the store does not track it.</summary>
    public static string? WorkloadSourceOf(string group, string kind) => WorkloadSources.GetValueOrDefault((group, kind));
}
