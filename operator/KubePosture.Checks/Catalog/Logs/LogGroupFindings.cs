using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Logs;

/// <summary>Shared sources, resource and evidence of findings about the log groups the cluster writes to.</summary>
internal static class LogGroupFindings
{
    /// <summary>The control plane's group comes from DescribeCluster, the ECS groups from the task definitions' awslogs options; DescribeLogGroups reads them.</summary>
    public static IReadOnlyList<string> Sources { get; } =
        [InventorySource.AwsLogs, "logs:DescribeLogGroups", InventorySource.AwsEks, "eks:DescribeCluster", InventorySource.AwsEcs, "ecs:DescribeTaskDefinition"];

    public static Finding Finding(CheckDescriptor descriptor, AwsLogGroup group, string what, params (string Key, string Value)[] extra)
    {
        var details = new Dictionary<string, string>();
        foreach (var (k, v) in extra) details[k] = v;
        details["writers"] = string.Join("; ", group.Writers.Take(10));
        return new Finding(descriptor.Id, descriptor.DefaultSeverity, AwsResources.LogGroup(group.Name),
            $"log group {group.Name} ({string.Join(", ", group.Writers.Take(5))}) {what}", details);
    }
}
