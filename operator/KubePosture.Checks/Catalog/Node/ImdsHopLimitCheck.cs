using System.Globalization;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

public sealed class ImdsHopLimitCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.imds-hop-limit",
        Title: "Node IMDS hop limit lets pods reach it",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.Medium,
        Description: "The node's instance has MetadataOptions.HttpPutResponseHopLimit above 1: IMDSv2 token responses survive the extra network hop into a pod's network namespace, so pods without hostNetwork can obtain the node role's credentials (see netpol.imds-reachable for the network side). Not reported when the metadata endpoint is disabled.",
        Remediation: "Set the hop limit to 1 in the launch template (MetadataOptions HttpPutResponseHopLimit) or with aws ec2 modify-instance-metadata-options --http-put-response-hop-limit 1, and give pods IRSA or Pod Identity credentials.",
        References: [References.EksIdentity, "EKS Best Practices, Restrict access to the instance profile: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html"],
        Sources: [InventorySource.Nodes, InventorySource.AwsEc2, "ec2:DescribeInstances"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        foreach (var node in aws.Nodes)
        {
            if (node.Instance?.MetadataOptions?.HopLimitReachableByPods is not { } hops)
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.Node(node.NodeName),
                $"node {node.NodeName} (instance {node.InstanceId}) has IMDS hop limit {hops}: pods can reach the instance metadata service",
                new Dictionary<string, string> { ["instanceId"] = node.InstanceId ?? "", ["hopLimit"] = hops.ToString(CultureInfo.InvariantCulture) });
        }
    }
}
