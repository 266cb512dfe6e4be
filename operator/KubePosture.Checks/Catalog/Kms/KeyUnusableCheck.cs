using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Kms;

public sealed class KeyUnusableCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "kms.key-unusable",
        Title: "KMS key the cluster uses is disabled, pending deletion or gone",
        Category: CheckCategory.Kms,
        DefaultSeverity: Severity.High,
        Description: "A KMS key that encrypts the cluster's secrets, an ECR repository running images come from, or a log group the cluster writes to is disabled, scheduled for deletion, waiting for imported material, or does not exist: decryption fails (secrets cannot be read by the API server after a restart, images cannot be pulled, logs cannot be written), and once a key pending deletion is deleted the data it protects is lost for good. Critical when the key is pending deletion or gone.",
        Remediation: "Cancel the deletion (aws kms cancel-key-deletion) or re-enable the key (aws kms enable-key); if it is gone, re-encrypt with a new key (EKS secrets encryption cannot be changed: restore the cluster from backup).",
        References: [References.EksInfrastructure, "AWS Security Hub KMS.3", "Key states: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html"],
        Sources: KmsKeyFindings.Sources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var key in aws.KmsKeys)
        {
            if (key.Key is null)
            {
                // Only a key of this account can be "gone": another account's key is not read.
                if (AwsKmsKey.OfAnotherAccount(key.KeyArn, aws.AccountId)) continue;
                yield return KmsKeyFindings.Finding(Descriptor, Severity.Critical, key, "does not exist (kms:DescribeKey NotFoundException)", ("keyState", "NotFound"));
                continue;
            }
            var k = key.Key;
            if (k.KeyState is "Enabled" or "Creating" or "Updating") continue;
            var severity = k.KeyState is "PendingDeletion" or "PendingReplicaDeletion" ? Severity.Critical : Descriptor.DefaultSeverity;
            var when = k.DeletionDate is { } date ? $", to be deleted {date:yyyy-MM-dd}" : "";
            yield return KmsKeyFindings.Finding(Descriptor, severity, key, $"is {k.KeyState}{when}", ("keyState", k.KeyState));
        }
    }
}
