using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Storage;

public sealed class EbsDefaultUnencryptedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "storage.ebs-default-unencrypted",
        Title: "EBS encryption by default is off in the region",
        Category: CheckCategory.Storage,
        DefaultSeverity: Severity.Medium,
        Description: "GetEbsEncryptionByDefault is false in the cluster's region: node root volumes and persistent volumes created without an explicit encrypted flag (a StorageClass without encrypted: \"true\", a launch template without Encrypted) are stored unencrypted.",
        Remediation: "Turn it on for the region: aws ec2 enable-ebs-encryption-by-default (optionally aws ec2 modify-ebs-default-kms-key-id); existing volumes stay as they are and must be re-created from encrypted snapshots.",
        References: [References.EksInfrastructure, "CIS AWS Foundations Benchmark 2.2.1", "AWS Security Hub EC2.7", "Encryption by default: https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"],
        Sources: [InventorySource.AwsEc2, "ec2:GetEbsEncryptionByDefault"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var enabled = aws.EbsEncryptionByDefault ?? throw new CheckNotEvaluatedException("ec2:GetEbsEncryptionByDefault was not read");
        if (enabled) yield break;
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.Region(aws.Region),
            $"EBS encryption by default is off in {aws.Region}: volumes created without an explicit encrypted flag are unencrypted");
    }
}
