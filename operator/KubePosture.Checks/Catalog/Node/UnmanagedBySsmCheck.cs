using System.Globalization;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

public sealed class UnmanagedBySsmCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.unmanaged-by-ssm",
        Title: "Node not managed by SSM",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.Medium,
        Description: "The node's EC2 instance is not registered with AWS Systems Manager (DescribeInstanceInformation has no entry) or its agent is not Online: its patch state is unknown and it cannot be patched or inspected through Session Manager. Fargate and other non-EC2 nodes are skipped.",
        Remediation: "Give the node role the AmazonSSMManagedInstanceCore policy and run the SSM agent (preinstalled on EKS optimized AMIs; a DaemonSet elsewhere), and make sure the nodes reach the SSM endpoints (VPC endpoints in private subnets).",
        References: [References.EksInfrastructure, "AWS Security Hub SSM.1", "Systems Manager managed nodes: https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager-managed-nodes.html"],
        Sources: [InventorySource.Nodes, InventorySource.AwsSsm, "ssm:DescribeInstanceInformation"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        foreach (var node in aws.Nodes)
        {
            if (!node.IsEc2 || string.Equals(node.SsmInstance?.PingStatus, "Online", StringComparison.Ordinal))
                continue;
            var state = node.SsmInstance is null ? "is not registered with Systems Manager" : $"has SSM agent status {node.SsmInstance.PingStatus}";
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.Node(node.NodeName),
                $"node {node.NodeName} (instance {node.InstanceId}) {state}: its patch state is unknown",
                new Dictionary<string, string> { ["instanceId"] = node.InstanceId ?? "", ["pingStatus"] = node.SsmInstance?.PingStatus ?? "" });
        }
    }
}
