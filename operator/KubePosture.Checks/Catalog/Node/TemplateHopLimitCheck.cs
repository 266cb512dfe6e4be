using System.Globalization;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Node;

public sealed class TemplateHopLimitCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.template-hop-limit",
        Title: "Node group launch template lets pods reach IMDS",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.Medium,
        Description: "The launch template a managed node group launches from sets MetadataOptions.HttpPutResponseHopLimit above 1 with the metadata endpoint enabled: containers (one hop further than the node) on every node launched from it can obtain IMDSv2 tokens and the node role's credentials. node.imds-hop-limit judges running nodes; this judges the nodes to come.",
        Remediation: "Create a launch template version with HttpPutResponseHopLimit 1 and update the node group to it; give pods their own credentials through IRSA or EKS Pod Identity.",
        References: [References.EksIdentity, "Restrict access to the instance profile: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#_restrict_access_to_the_instance_profile_assigned_to_the_worker_node"],
        Sources: LaunchTemplateFindings.Sources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var (t, v) in LaunchTemplateFindings.Read(aws))
        {
            if (v.MetadataOptions?.HopLimitReachableByPods is not { } hops) continue;
            yield return LaunchTemplateFindings.Finding(Descriptor, Descriptor.DefaultSeverity, t, v,
                $"sets IMDS hop limit {hops}: pods on nodes launched from it can reach the instance metadata service",
                ("hopLimit", hops.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
