using System.Globalization;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

public sealed class PublicIpCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.public-ip",
        Title: "Node has a public IP address",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.High,
        Description: "The node's instance has a public IPv4 address: it is directly addressable from the internet, and only its security groups stand between the kubelet, node ports and host services and any scanner. EKS nodes belong in private subnets behind NAT or VPC endpoints.",
        Remediation: "Launch nodes in private subnets (node group subnets without MapPublicIpOnLaunch, or AssociatePublicIpAddress false in the launch template) and replace the existing nodes.",
        References: [References.EksNetwork, "CIS EKS Benchmark 5.4.3", "AWS Security Hub EC2.9"],
        Sources: [InventorySource.Nodes, InventorySource.AwsEc2, "ec2:DescribeInstances"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        foreach (var node in aws.Nodes)
        {
            if (string.IsNullOrEmpty(node.Instance?.PublicIpAddress))
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.Node(node.NodeName),
                $"node {node.NodeName} (instance {node.InstanceId}) has public IP {node.Instance.PublicIpAddress} in subnet {node.Instance.SubnetId}",
                new Dictionary<string, string> { ["instanceId"] = node.InstanceId ?? "", ["publicIp"] = node.Instance.PublicIpAddress, ["subnetId"] = node.Instance.SubnetId ?? "" });
        }
    }
}
