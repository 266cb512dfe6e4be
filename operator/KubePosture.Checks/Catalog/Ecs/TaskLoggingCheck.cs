using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Ecs;

public sealed class TaskLoggingCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecs.task-logging",
        Title: "ECS container has no logging, or logging that blocks it",
        Category: CheckCategory.Ecs,
        DefaultSeverity: Severity.Medium,
        Description: "A container definition without logConfiguration leaves no record of what the container did (Medium). An explicit logConfiguration option mode: blocking stops the application writing to stdout/stderr when the log destination is slow or unreachable (Low).",
        Remediation: "Add logConfiguration with the awslogs (or awsfirelens) driver, and set options.mode to non-blocking with a max-buffer-size.",
        References: ["AWS Security Hub ECS.9", "Amazon ECS, Send logs to CloudWatch (mode, max-buffer-size): https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html"],
        Sources: [InventorySource.AwsEcs, "ecs:DescribeTaskDefinition"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var td in aws.EcsTaskDefinitions)
        {
            var none = td.Containers.Where(c => string.IsNullOrEmpty(c.LogDriver)).Select(c => c.Name).ToList();
            if (none.Count > 0)
                yield return EcsFindings.Create(Descriptor, aws, td, $"has no logConfiguration for container {string.Join(", ", none)}");
            var blocking = td.Containers.Where(c => !string.IsNullOrEmpty(c.LogDriver) && c.LogOptions.TryGetValue("mode", out var m) && m == "blocking")
                .Select(c => c.Name).ToList();
            if (blocking.Count > 0)
                yield return EcsFindings.Create(Descriptor, aws, td, $"logs container {string.Join(", ", blocking)} in blocking mode (options.mode: blocking)", Severity.Low);
        }
    }
}
