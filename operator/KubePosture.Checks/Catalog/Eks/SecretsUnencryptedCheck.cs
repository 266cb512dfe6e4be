using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed class SecretsUnencryptedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.secrets-unencrypted",
        Title: "Secrets not envelope-encrypted with KMS",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.Medium,
        Description: "The cluster has no encryptionConfig for the secrets resource with a KMS key: Kubernetes Secrets are stored in etcd protected only by the default EBS-level encryption, with no key policy or CloudTrail record of decryption.",
        Remediation: "Enable envelope encryption of secrets with a KMS key (aws eks associate-encryption-config --encryption-config resources=secrets,provider={keyArn=...}); it cannot be turned off afterwards.",
        References: [References.EksInfrastructure, "CIS EKS Benchmark 5.3.1", "AWS Security Hub EKS.3", "Envelope encryption: https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html"],
        Sources: [InventorySource.AwsEks, "eks:DescribeCluster"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        var cluster = AwsData.RequireCluster(aws);
        var resource = AwsResources.EksCluster(cluster.Name);
        if (cluster.SecretsEncrypted)
            yield break;
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, resource,
            $"cluster {cluster.Name} does not envelope-encrypt Kubernetes secrets with a KMS key (encryptionConfig has no secrets entry)");
    }
}
