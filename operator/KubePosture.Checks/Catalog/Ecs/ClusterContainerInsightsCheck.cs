using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Ecs;

public sealed class ClusterContainerInsightsCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecs.container-insights-off",
        Title: "ECS cluster has Container Insights off",
        Category: CheckCategory.Ecs,
        DefaultSeverity: Severity.Low,
        Description: "Without Container Insights (cluster setting containerInsights enabled or enhanced) there are no per-task metrics and performance events to detect anomalies.",
        Remediation: "aws ecs update-cluster-settings --cluster <name> --settings name=containerInsights,value=enhanced",
        References: ["AWS Security Hub ECS.12"],
        Sources: [InventorySource.AwsEcs, "ecs:DescribeClusters"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var cluster in aws.EcsClusters.Where(c => !c.Cluster.ContainerInsightsEnabled))
        {
            var value = cluster.Cluster.Settings.TryGetValue("containerInsights", out var v) ? v : "unset";
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, EcsFindings.Ref(cluster.Cluster),
                $"ECS cluster {cluster.Cluster.Name} has Container Insights off (containerInsights: {value})",
                new Dictionary<string, string> { ["cluster"] = cluster.Cluster.Name, ["containerInsights"] = value });
        }
    }
}
