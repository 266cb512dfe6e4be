using System.Globalization;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

public sealed class Imdsv2OptionalCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.imdsv2-optional",
        Title: "Node allows IMDSv1",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.High,
        Description: "The node's EC2 instance (linked through spec.providerID) has MetadataOptions.HttpTokens optional: the instance metadata service answers IMDSv1 requests, which an SSRF in any pod can use to read the node role's credentials. Managed and self-managed nodes alike.",
        Remediation: "Require IMDSv2: set HttpTokens required in the node group's launch template (MetadataOptions), or aws ec2 modify-instance-metadata-options --http-tokens required for running instances.",
        References: [References.EksIdentity, "AWS Security Hub EC2.8", "Instance metadata options: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html"],
        Sources: [InventorySource.Nodes, InventorySource.AwsEc2, "ec2:DescribeInstances"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        foreach (var node in aws.Nodes)
        {
            if (node.Instance?.MetadataOptions is not { } metadata || metadata.ImdsV2Required)
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.Node(node.NodeName),
                $"node {node.NodeName} (instance {node.InstanceId}) has HttpTokens {metadata.HttpTokens ?? "unset"}: IMDSv1 is allowed",
                new Dictionary<string, string> { ["instanceId"] = node.InstanceId ?? "", ["httpTokens"] = metadata.HttpTokens ?? "", ["nodegroup"] = node.NodegroupName ?? "" });
        }
    }
}
