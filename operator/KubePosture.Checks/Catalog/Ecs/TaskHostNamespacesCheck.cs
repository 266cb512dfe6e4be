using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Ecs;

public sealed class TaskHostNamespacesCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecs.task-host-namespaces",
        Title: "ECS task shares the host's namespaces",
        Category: CheckCategory.Ecs,
        DefaultSeverity: Severity.High,
        Description: "networkMode host shares the container instance's network stack (and its instance metadata credentials); pidMode host or ipcMode host let containers see and signal host processes or shared memory.",
        Remediation: "Use networkMode awsvpc (or bridge) and leave pidMode and ipcMode unset or task.",
        References: ["AWS Security Hub ECS.1, ECS.3"],
        Sources: [InventorySource.AwsEcs, "ecs:DescribeTaskDefinition"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var td in aws.EcsTaskDefinitions)
        {
            var shared = new List<string>();
            if (td.NetworkMode == "host") shared.Add("networkMode: host");
            if (td.PidMode == "host") shared.Add("pidMode: host");
            if (td.IpcMode == "host") shared.Add("ipcMode: host");
            if (shared.Count > 0)
                yield return EcsFindings.Create(Descriptor, aws, td, $"shares the host's namespaces ({string.Join(", ", shared)})",
                    extra: new Dictionary<string, string> { ["modes"] = string.Join(",", shared) });
        }
    }
}
