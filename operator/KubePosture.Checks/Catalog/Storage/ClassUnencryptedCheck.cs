using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Storage;

public sealed class ClassUnencryptedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "storage.class-unencrypted",
        Title: "EBS StorageClass does not ask for encryption",
        Category: CheckCategory.Storage,
        DefaultSeverity: Severity.Medium,
        Description: "A StorageClass of the EBS CSI driver (ebs.csi.aws.com) or the in-tree provisioner (kubernetes.io/aws-ebs) lacks parameters.encrypted: \"true\": the volumes it provisions are encrypted only if EBS encryption by default happens to be on in the region (storage.ebs-default-unencrypted), and with the account's default key rather than the kmsKeyId the class could name. The finding says when the class is the cluster's default.",
        Remediation: "Create the StorageClass with parameters encrypted: \"true\" (and kmsKeyId: <key arn> for a customer managed key); StorageClass parameters are immutable, so create a new class, make it the default, and migrate the volumes (snapshot and restore).",
        References: [References.EksInfrastructure, "EBS CSI driver parameters: https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md"],
        Sources: [InventorySource.StorageClasses],
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var sc in inventory.StorageClasses.Where(c => c.Provisioner is PersistentVolumeRecord.EbsCsiDriver or PersistentVolumeRecord.EbsInTree))
        {
            if (string.Equals(sc.Parameters.GetValueOrDefault("encrypted"), "true", StringComparison.OrdinalIgnoreCase)) continue;
            var isDefault = sc.IsDefault ? " (the default StorageClass)" : "";
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, new ResourceRef("storage.k8s.io/v1", "StorageClass", null, sc.Name),
                $"StorageClass {sc.Name}{isDefault} provisions EBS volumes ({sc.Provisioner}) without encrypted: \"true\"",
                new Dictionary<string, string> { ["provisioner"] = sc.Provisioner, ["default"] = sc.IsDefault ? "true" : "false" });
        }
    }
}
