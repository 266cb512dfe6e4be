using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Ecs;

public sealed class TaskSecretsInEnvironmentCheck : ICheck
{
    private static readonly string[] AwsCredentialVariables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"];

    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecs.task-secrets-in-env",
        Title: "ECS task definition holds secrets in plain environment variables",
        Category: CheckCategory.Ecs,
        DefaultSeverity: Severity.High,
        Description: "Literal environment values are visible to anyone who can describe the task definition. AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ECS_ENGINE_AUTH_DATA) are High; other secret-like names (PASSWORD, TOKEN, API_KEY, ... as for pod.secrets-in-env) Medium. Values referenced through secrets (Secrets Manager, SSM Parameter Store) are fine.",
        Remediation: "Move the value to Secrets Manager or SSM Parameter Store and reference it from the container definition's secrets; use the task role instead of access keys.",
        References: ["AWS Security Hub ECS.8", "Amazon ECS, Pass sensitive data to a container: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html"],
        Sources: [InventorySource.AwsEcs, "ecs:DescribeTaskDefinition"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var td in aws.EcsTaskDefinitions)
        {
            var hits = td.Containers
                .SelectMany(c => c.Environment.Keys.Where(k => AwsCredentialVariables.Contains(k) || SecretLikeNames.IsSecretLike(k)).Select(k => (c.Name, Key: k)))
                .ToList();
            if (hits.Count == 0) continue;
            var critical = hits.Any(h => AwsCredentialVariables.Contains(h.Key));
            yield return EcsFindings.Create(Descriptor, aws, td,
                $"sets {string.Join(", ", hits.Select(h => $"{h.Key} in container {h.Name}"))} as literal environment values",
                critical ? Severity.High : Severity.Medium,
                new Dictionary<string, string> { ["variables"] = string.Join(",", hits.Select(h => h.Key).Distinct()) });
        }
    }
}
