using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Ecr;

public sealed class RepositoryPublicCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecr.repo-public",
        Title: "Repository policy allows anyone",
        Category: CheckCategory.Ecr,
        DefaultSeverity: Severity.Critical,
        Description: "The repository policy of a repository that running images come from has an Allow statement whose Principal is \"*\" (or {\"AWS\": \"*\"}) without a Condition: any AWS account can pull (or, with write actions, push) the images the cluster runs.",
        Remediation: "Replace the wildcard principal with the accounts or roles that need access, or add a Condition such as aws:PrincipalOrgID, in the repository policy (aws ecr set-repository-policy).",
        References: [References.EksImage, "Amazon ECR repository policies: https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html"],
        Sources: [InventorySource.AwsEcr, "ecr:GetRepositoryPolicy", "ecr:DescribeRepositories", .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var r in EcrLinks.RunningRepositories(inventory))
        {
            if (string.IsNullOrWhiteSpace(r.Policy))
                continue;
            var open = OpenStatements(r.Policy);
            if (open.Count == 0)
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EcrRepository(r.Repository.RegistryId, r.Repository.Name),
                $"repository {r.Repository.Name} policy allows any principal without a condition ({string.Join("; ", open)})",
                new Dictionary<string, string> { ["repository"] = r.Repository.Name, ["statements"] = string.Join(";", open) });
        }
    }

    internal static List<string> OpenStatements(string policy) => ResourcePolicies.OpenStatements(policy, "repository policy");
}
