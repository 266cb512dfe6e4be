using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Ecs;

public sealed class TaskRootUserCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecs.task-root-user",
        Title: "ECS container runs as root",
        Category: CheckCategory.Ecs,
        DefaultSeverity: Severity.Medium,
        Description: "A container definition whose user is unset (the image's user, root for most images), \"root\", or UID 0 (\"0\", \"0:0\", \"root:<group>\") runs as root. With host network mode this is Security Hub ECS.1's insecure combination and graded High.",
        Remediation: "Set user to a non-zero UID (\"1000\" or \"1000:1000\") in the container definition, and build the image with a non-root USER.",
        References: ["AWS Security Hub ECS.1", "Amazon ECS task definition parameters, user: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html"],
        Sources: [InventorySource.AwsEcs, "ecs:DescribeTaskDefinition"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var td in aws.EcsTaskDefinitions)
        {
            var root = td.Containers.Where(c => IsRoot(c.User)).Select(c => $"{c.Name} (user {c.User ?? "unset"})").ToList();
            if (root.Count == 0) continue;
            var host = string.Equals(td.NetworkMode, "host", StringComparison.Ordinal);
            yield return EcsFindings.Create(Descriptor, aws, td,
                $"runs {string.Join(", ", root)} as root{(host ? " in host network mode" : "")}", host ? Severity.High : null);
        }
    }

    /// <summary>Unset, "root", "0", or "0:&lt;group&gt;" / "root:&lt;group&gt;" is root.</summary>
    public static bool IsRoot(string? user)
    {
        if (string.IsNullOrWhiteSpace(user)) return true;
        var name = user.Split(':')[0].Trim();
        return name is "root" or "0";
    }
}
