using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class CreatePersistentVolumesCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.create-persistentvolumes",
        Title: "Role can create PersistentVolumes",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.High,
        Description: "A subject that can create PersistentVolumes can create a hostPath PersistentVolume and mount the node's filesystem through a claim, bypassing the Pod Security Standards' hostPath control. PersistentVolumes are cluster-scoped: only ClusterRoleBindings grant it.",
        Remediation: "Remove create on persistentvolumes from the role; let workloads request storage through PersistentVolumeClaims and a StorageClass's provisioner.",
        References: ["CIS EKS Benchmark 4.1.9", References.KubernetesRbacGoodPractices],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
        => RbacFindings.ForRules(Descriptor, inventory, [new("create", "", "persistentvolumes")], "create PersistentVolumes (create persistentvolumes)");
}
