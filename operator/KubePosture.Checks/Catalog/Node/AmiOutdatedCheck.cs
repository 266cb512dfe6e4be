using System.Globalization;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

public sealed class AmiOutdatedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.ami-outdated",
        Title: "Managed node group runs an outdated AMI release",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.High,
        Description: "A managed node group's releaseVersion (linked to nodes by the eks.amazonaws.com/nodegroup label) is behind the release SSM recommends for its AMI type and Kubernetes version (/aws/service/eks/optimized-ami/<version>/<os>/.../recommended/release_version): its nodes lack the OS and kubelet fixes of the newer AMIs. Custom AMIs and self-managed nodes have no recommended release and are not assessed here (node.patch-noncompliant and node.stale cover them).",
        Remediation: "Update the node group to the latest AMI release (aws eks update-nodegroup-version --nodegroup-name <name>), or let a managed update policy do it.",
        References: [References.EksInfrastructure, "Update a managed node group: https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html", "Retrieve recommended AMI IDs: https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id.html"],
        Sources: [InventorySource.Nodes, InventorySource.AwsEks, "eks:DescribeNodegroup", "ssm:GetParameter"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        foreach (var group in aws.Nodes.Where(n => n.NodegroupName is not null && n.ReleaseVersion is not null && n.RecommendedReleaseVersion is not null)
                     .GroupBy(n => n.NodegroupName!, StringComparer.Ordinal))
        {
            var first = group.First();
            if (!AmiReleases.IsBehind(first.ReleaseVersion!, first.RecommendedReleaseVersion!))
                continue;
            var nodes = group.Select(n => n.NodeName).Order(StringComparer.Ordinal).ToList();
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EksNodegroup(group.Key),
                $"node group {group.Key} ({nodes.Count} node{(nodes.Count == 1 ? "" : "s")}) runs AMI release {first.ReleaseVersion} ({first.AmiType}); the recommended release is {first.RecommendedReleaseVersion}",
                new Dictionary<string, string>
                {
                    ["nodegroup"] = group.Key,
                    ["amiType"] = first.AmiType ?? "",
                    ["releaseVersion"] = first.ReleaseVersion!,
                    ["recommendedReleaseVersion"] = first.RecommendedReleaseVersion!,
                    ["nodes"] = string.Join(",", nodes.Take(20)),
                    ["nodeCount"] = nodes.Count.ToString(CultureInfo.InvariantCulture),
                });
        }
    }
}
