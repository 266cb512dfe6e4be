using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Node;

public sealed class TemplatePublicIpCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.template-public-ip",
        Title: "Node group launch template assigns public IPs",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.Medium,
        Description: "A network interface of the launch template a managed node group launches from sets AssociatePublicIpAddress: every node launched from it gets a public IPv4 address and is reachable from the internet wherever its security groups allow. node.public-ip judges running nodes; this judges the nodes to come.",
        Remediation: "Create a launch template version without AssociatePublicIpAddress (or false), run nodes in private subnets behind a NAT gateway, and update the node group to the new version.",
        References: [References.EksNetwork, "AWS Security Hub EC2.25"],
        Sources: LaunchTemplateFindings.Sources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var (t, v) in LaunchTemplateFindings.Read(aws))
        {
            if (v.AssociatePublicIpAddress != true) continue;
            yield return LaunchTemplateFindings.Finding(Descriptor, Descriptor.DefaultSeverity, t, v,
                "sets AssociatePublicIpAddress: nodes launched from it get a public IP address");
        }
    }
}
