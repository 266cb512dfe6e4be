using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

public sealed class StaleNodeCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.stale",
        Title: "Node older than the maximum node age",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.Medium,
        Description: "With immutable AMIs, nodes are patched by replacement: a node older than the scan's maxNodeAge is missing the patches released since it started. Not assessed when the scan sets no maxNodeAge.",
        Remediation: "Replace the node (roll the node group, or let Karpenter expire it with expireAfter) and set the replacement cadence below maxNodeAge.",
        References: [References.EksInfrastructure, "EKS Best Practices, Cluster upgrades: https://docs.aws.amazon.com/eks/latest/best-practices/cluster-upgrades.html"],
        Sources: [InventorySource.Nodes],
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Settings.MaxNodeAge is not { } maxAge)
            yield break;
        foreach (var node in inventory.Nodes)
        {
            var age = inventory.ScanTime - node.CreationTimestamp;
            if (age <= maxAge)
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, new ResourceRef("v1", "Node", null, node.Name),
                $"Node {node.Name} is {(int)age.TotalDays} days old (created {node.CreationTimestamp:yyyy-MM-dd}), beyond maxNodeAge {(int)maxAge.TotalDays} days",
                new Dictionary<string, string>
                {
                    ["created"] = node.CreationTimestamp.ToString("O"),
                    ["ageDays"] = ((int)age.TotalDays).ToString(),
                    ["maxNodeAgeDays"] = ((int)maxAge.TotalDays).ToString(),
                });
        }
    }
}
