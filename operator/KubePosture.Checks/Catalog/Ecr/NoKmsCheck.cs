using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Ecr;

public sealed class NoKmsCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecr.no-kms",
        Title: "Repository not encrypted with a KMS key",
        Category: CheckCategory.Ecr,
        DefaultSeverity: Severity.Low,
        Description: "A repository that running images come from uses the default AES256 encryption (Amazon S3-managed keys) rather than KMS (KMS or KMS_DSSE): access to image layers cannot be controlled or audited through a key policy and CloudTrail key usage.",
        Remediation: "Encryption is fixed at creation: create a new repository with encryptionConfiguration encryptionType KMS (optionally a customer managed key), replicate or push the images to it, and switch workloads over.",
        References: [References.EksImage, "AWS Security Hub ECR.5", "Amazon ECR encryption at rest: https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html"],
        Sources: [InventorySource.AwsEcr, "ecr:DescribeRepositories", .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var r in EcrLinks.RunningRepositories(inventory))
        {
            if (r.Repository.EncryptionType.StartsWith("KMS", StringComparison.Ordinal))
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EcrRepository(r.Repository.RegistryId, r.Repository.Name),
                $"repository {r.Repository.Name} is encrypted with {r.Repository.EncryptionType}, not a KMS key",
                new Dictionary<string, string> { ["repository"] = r.Repository.Name, ["encryptionType"] = r.Repository.EncryptionType });
        }
    }
}
