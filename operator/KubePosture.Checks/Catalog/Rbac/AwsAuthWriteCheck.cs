using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class AwsAuthWriteCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.aws-auth-write",
        Title: "Subject can modify the aws-auth ConfigMap",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.High,
        Description: "Whoever can update or patch kube-system/aws-auth can map any IAM principal to system:masters and take over the cluster. A ClusterRole counts where it is bound cluster-wide or in kube-system; a Role counts in kube-system.",
        Remediation: "Remove update and patch on configmaps from roles effective in kube-system (or exclude aws-auth with rules[].resourceNames), and move cluster access to EKS access entries.",
        References: ["EKS Best Practices, Identity and Access Management (aws-auth): https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html", References.EksIdentity],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        return RbacFindings.ForRules(Descriptor, inventory,
            [new("update", "", "configmaps", Namespace: "kube-system", ResourceName: "aws-auth"),
             new("patch", "", "configmaps", Namespace: "kube-system", ResourceName: "aws-auth")],
            "update the kube-system/aws-auth ConfigMap",
            counts: g => g.Covers("kube-system"),
            requireHolder: role => role.Role.Namespace is null);
    }
}
