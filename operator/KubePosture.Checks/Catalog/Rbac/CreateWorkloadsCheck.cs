using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Rbac;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class CreateWorkloadsCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.create-workloads",
        Title: "Subject can create workloads cluster-wide",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.Medium,
        Description: "Creating pods, or controllers that create pods, in every namespace lets a subject run a pod with any service account and mount any secret of any namespace, and run privileged pods where admission allows it.",
        Remediation: "Bind create on pods, deployments, daemonsets, statefulsets, replicasets, jobs, cronjobs and replicationcontrollers with RoleBindings in the namespaces the subject deploys to, not with a ClusterRoleBinding.",
        References: ["CIS EKS Benchmark 4.1.4", References.KubernetesRbacGoodPractices],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        return RbacFindings.ForRules(Descriptor, inventory, Queries,
            "create workloads cluster-wide (create pods or pod controllers)",
            counts: g => g.Namespace is null,
            requireHolder: _ => true);
    }

    private static readonly PermissionQuery[] Queries =
    [
        new("create", "", "pods"),
        new("create", "", "replicationcontrollers"),
        new("create", "apps", "deployments"),
        new("create", "apps", "replicasets"),
        new("create", "apps", "statefulsets"),
        new("create", "apps", "daemonsets"),
        new("create", "batch", "jobs"),
        new("create", "batch", "cronjobs"),
    ];
}
