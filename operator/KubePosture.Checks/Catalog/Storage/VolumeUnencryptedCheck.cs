using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Storage;

public sealed class VolumeUnencryptedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "storage.volume-unencrypted",
        Title: "PersistentVolume is not encrypted",
        Category: CheckCategory.Storage,
        DefaultSeverity: Severity.High,
        Description: "A PersistentVolume of the EBS CSI driver or the in-tree awsElasticBlockStore source whose EC2 volume (DescribeVolumes of its volume id) is not encrypted: the data, its snapshots and every volume created from them are stored in the clear. Also an EFS PersistentVolume that turns off encryption in transit (volumeAttributes encryptInTransit: \"false\"). The finding names the claim that uses the volume.",
        Remediation: "EBS: snapshot the volume, copy the snapshot with encryption (a KMS key), create a volume from it and a PersistentVolume for that volume, move the claim over. EFS: remove encryptInTransit: \"false\" (the driver mounts with TLS by default).",
        References: [References.EksInfrastructure, "AWS Security Hub EC2.3", "Amazon EBS encryption: https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
        Sources: [InventorySource.PersistentVolumes, InventorySource.AwsEc2, "ec2:DescribeVolumes"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var byId = aws.EbsVolumes.ToDictionary(v => v.VolumeId, StringComparer.Ordinal);
        foreach (var pv in inventory.PersistentVolumes)
        {
            var reference = new ResourceRef("v1", "PersistentVolume", null, pv.Name);
            var claim = pv.Claim is null ? "" : $" (claim {pv.Claim})";
            if (pv.EbsVolumeId is { } id && byId.TryGetValue(id, out var volume) && !volume.Encrypted)
            {
                yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, reference,
                    $"PersistentVolume {pv.Name}{claim} is EBS volume {id}, which is not encrypted",
                    new Dictionary<string, string> { ["volumeId"] = id, ["driver"] = pv.Driver ?? "", ["claim"] = pv.Claim ?? "" });
            }
            else if (pv.Driver == PersistentVolumeRecord.EfsCsiDriver
                     && string.Equals(pv.VolumeAttributes.GetValueOrDefault("encryptInTransit"), "false", StringComparison.OrdinalIgnoreCase))
            {
                yield return new Finding(Descriptor.Id, Severity.Medium, reference,
                    $"PersistentVolume {pv.Name}{claim} mounts EFS file system {pv.VolumeHandle} without encryption in transit (encryptInTransit: \"false\")",
                    new Dictionary<string, string> { ["fileSystem"] = pv.VolumeHandle ?? "", ["driver"] = pv.Driver, ["claim"] = pv.Claim ?? "" });
            }
        }
    }
}
