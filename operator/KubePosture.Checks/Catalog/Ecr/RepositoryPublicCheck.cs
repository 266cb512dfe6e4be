using System.Text.Json;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

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

    /// <summary>"Sid X: ecr:BatchGetImage, ..." for each unconditioned Allow with a wildcard principal.</summary>
    internal static List<string> OpenStatements(string policy)
    {
        var open = new List<string>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(policy);
        }
        catch (JsonException ex)
        {
            throw new CheckNotEvaluatedException($"repository policy is not valid JSON: {ex.Message}");
        }

        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("Statement", out var statements))
                return open;
            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            for (var i = 0; i < list.Count; i++)
            {
                var s = list[i];
                if (!s.TryGetProperty("Effect", out var effect) || effect.GetString() != "Allow")
                    continue;
                if (s.TryGetProperty("Condition", out var condition) && condition.ValueKind == JsonValueKind.Object && condition.EnumerateObject().Any())
                    continue;
                if (!s.TryGetProperty("Principal", out var principal) || !IsWildcard(principal))
                    continue;
                var sid = s.TryGetProperty("Sid", out var sidValue) ? sidValue.GetString() : null;
                var actions = s.TryGetProperty("Action", out var action)
                    ? action.ValueKind == JsonValueKind.Array ? string.Join(", ", action.EnumerateArray().Select(a => a.GetString())) : action.GetString()
                    : "NotAction";
                open.Add($"{(string.IsNullOrEmpty(sid) ? $"Statement[{i}]" : $"Sid {sid}")}: {actions}");
            }
        }

        return open;
    }

    private static bool IsWildcard(JsonElement principal) => principal.ValueKind switch
    {
        JsonValueKind.String => principal.GetString() == "*",
        JsonValueKind.Object => principal.TryGetProperty("AWS", out var aws)
                                && (aws.ValueKind == JsonValueKind.String ? aws.GetString() == "*" : aws.ValueKind == JsonValueKind.Array && aws.EnumerateArray().Any(a => a.GetString() == "*")),
        _ => false,
    };
}
