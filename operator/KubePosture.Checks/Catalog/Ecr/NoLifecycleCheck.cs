using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Ecr;

public sealed class NoLifecycleCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecr.no-lifecycle",
        Title: "Repository has no lifecycle policy",
        Category: CheckCategory.Ecr,
        DefaultSeverity: Severity.Low,
        Description: "A repository that running images come from has no lifecycle policy: old, unpatched images accumulate and stay pullable, and their findings keep counting against the registry.",
        Remediation: "Add a lifecycle policy (aws ecr put-lifecycle-policy) that expires untagged images and keeps only the recent tagged ones, taking care not to expire digests that still run.",
        References: [References.EksImage, "AWS Security Hub ECR.3", "Amazon ECR lifecycle policies: https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html"],
        Sources: [InventorySource.AwsEcr, "ecr:GetLifecyclePolicy", "ecr:DescribeRepositories", .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var r in EcrLinks.RunningRepositories(inventory))
        {
            if (!string.IsNullOrWhiteSpace(r.LifecyclePolicy))
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EcrRepository(r.Repository.RegistryId, r.Repository.Name),
                $"repository {r.Repository.Name} has no lifecycle policy",
                new Dictionary<string, string> { ["repository"] = r.Repository.Name });
        }
    }
}
