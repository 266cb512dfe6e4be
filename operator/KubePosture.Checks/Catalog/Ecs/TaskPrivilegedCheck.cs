using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Ecs;

public sealed class TaskPrivilegedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecs.task-privileged",
        Title: "ECS container runs privileged",
        Category: CheckCategory.Ecs,
        DefaultSeverity: Severity.High,
        Description: "A container definition with privileged: true gets every capability and the host's devices on the EC2 container instance: escaping to the host is trivial.",
        Remediation: "Set privileged to false in the container definition and register a new revision; add only the Linux capabilities the container needs (linuxParameters.capabilities.add).",
        References: ["AWS Security Hub ECS.4", "Amazon ECS best practices, Task and container security: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-tasks-containers.html"],
        Sources: [InventorySource.AwsEcs, "ecs:DescribeTaskDefinition"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var td in aws.EcsTaskDefinitions)
        {
            var containers = td.Containers.Where(c => c.Privileged).Select(c => c.Name).ToList();
            if (containers.Count > 0)
                yield return EcsFindings.Create(Descriptor, aws, td, $"runs container {string.Join(", ", containers)} privileged (privileged: true)",
                    extra: new Dictionary<string, string> { ["containers"] = string.Join(",", containers) });
        }
    }
}
