using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Ecr;

public sealed class TagMutableCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecr.tag-mutable",
        Title: "Repository allows tags to be overwritten",
        Category: CheckCategory.Ecr,
        DefaultSeverity: Severity.Medium,
        Description: "A repository that running images come from has imageTagMutability MUTABLE: pushing an existing tag silently replaces what the tag names, so a workload referenced by tag can start different content on its next pull.",
        Remediation: "Set imageTagMutability to IMMUTABLE (aws ecr put-image-tag-mutability), or IMMUTABLE_WITH_EXCLUSION for tags such as latest, and reference images by digest.",
        References: [References.EksImage, "AWS Security Hub ECR.2", "Amazon ECR tag mutability: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html"],
        Sources: [InventorySource.AwsEcr, "ecr:DescribeRepositories", .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var r in EcrLinks.RunningRepositories(inventory))
        {
            if (r.Repository.TagsImmutable)
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EcrRepository(r.Repository.RegistryId, r.Repository.Name),
                $"repository {r.Repository.Name} has imageTagMutability {r.Repository.ImageTagMutability}: its tags can be overwritten",
                new Dictionary<string, string> { ["repository"] = r.Repository.Name, ["imageTagMutability"] = r.Repository.ImageTagMutability });
        }
    }
}
