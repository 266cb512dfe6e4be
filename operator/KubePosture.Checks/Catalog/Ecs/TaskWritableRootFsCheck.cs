using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Ecs;

public sealed class TaskWritableRootFsCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecs.task-writable-root-fs",
        Title: "ECS container root filesystem is writable",
        Category: CheckCategory.Ecs,
        DefaultSeverity: Severity.Medium,
        Description: "readonlyRootFilesystem is not true, so an attacker in the container can modify its binaries and configuration.",
        Remediation: "Set readonlyRootFilesystem: true and mount writable volumes only where the application writes.",
        References: ["AWS Security Hub ECS.5"],
        Sources: [InventorySource.AwsEcs, "ecs:DescribeTaskDefinition"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var td in aws.EcsTaskDefinitions)
        {
            var writable = td.Containers.Where(c => !c.ReadonlyRootFilesystem).Select(c => c.Name).ToList();
            if (writable.Count > 0)
                yield return EcsFindings.Create(Descriptor, aws, td, $"gives container {string.Join(", ", writable)} a writable root filesystem (readonlyRootFilesystem not true)");
        }
    }
}
