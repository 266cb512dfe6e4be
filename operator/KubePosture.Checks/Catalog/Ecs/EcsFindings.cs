using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Ecs;

/// <summary>
/// Findings on ECS task definitions that services (or running tasks) actually use: one finding per task definition
/// revision and problem, naming the services that run it.
/// </summary>
internal static class EcsFindings
{
    public static ResourceRef Ref(EcsTaskDefinition td) => AwsResources.EcsTaskDefinition(td.Arn);

    public static ResourceRef Ref(EcsService service) => AwsResources.EcsService(service.Arn);

    public static ResourceRef Ref(EcsCluster cluster) => AwsResources.EcsCluster(cluster.Arn);

    /// <summary>Services whose task definition is this revision (by ARN, or by family:revision).</summary>
    public static IReadOnlyList<string> UsedBy(AwsInventory aws, EcsTaskDefinition td) =>
        [.. aws.EcsClusters.SelectMany(c => c.Services.Where(s => Same(s.TaskDefinitionArn, td)).Select(s => $"{c.Cluster.Name}/{s.Name}"))];

    public static bool Same(string? reference, EcsTaskDefinition td) =>
        reference is not null && (reference == td.Arn || reference == $"{td.Family}:{td.Revision}" || td.Arn.EndsWith($"/{reference}", StringComparison.Ordinal));

    public static Finding Create(CheckDescriptor descriptor, AwsInventory aws, EcsTaskDefinition td, string problem, Severity? severity = null,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var users = UsedBy(aws, td);
        var usedBy = users.Count == 0 ? "used by running tasks" : $"used by service {string.Join(", ", users.Take(10))}";
        var details = new Dictionary<string, string>
        {
            ["taskDefinitionArn"] = td.Arn,
            ["services"] = string.Join(",", users.Take(10)),
        };
        if (extra is not null)
        {
            foreach (var (k, v) in extra) details[k] = v;
        }
        return new Finding(descriptor.Id, severity ?? descriptor.DefaultSeverity, Ref(td), $"task definition {td.Family}:{td.Revision} ({usedBy}) {problem}", details);
    }
}
