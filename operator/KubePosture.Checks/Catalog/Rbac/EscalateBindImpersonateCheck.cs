using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Rbac;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class EscalateBindImpersonateCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.escalate-bind-impersonate",
        Title: "Role can escalate, bind or impersonate",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.Critical,
        Description: "escalate and bind on roles let a subject grant itself permissions it does not have; impersonate on users, groups or service accounts lets it act as anyone, including system:masters.",
        Remediation: "Remove the escalate and bind verbs on roles/clusterroles and the impersonate verb on users, groups, serviceaccounts from rules[].verbs.",
        References: ["CIS EKS Benchmark 4.1.8", References.KubernetesRbacGoodPractices],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        return RbacFindings.ForRules(Descriptor, inventory, Queries, "escalate, bind or impersonate");
    }

    private static readonly PermissionQuery[] Queries =
    [
        new("escalate", "rbac.authorization.k8s.io", "roles"),
        new("escalate", "rbac.authorization.k8s.io", "clusterroles"),
        new("bind", "rbac.authorization.k8s.io", "roles"),
        new("bind", "rbac.authorization.k8s.io", "clusterroles"),
        new("impersonate", "", "users"),
        new("impersonate", "", "groups"),
        new("impersonate", "", "serviceaccounts"),
        new("impersonate", "authentication.k8s.io", "uids"),
        new("impersonate", "authentication.k8s.io", "userextras"),
    ];
}
