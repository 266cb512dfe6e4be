using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Node;

public sealed class TemplateImdsv2OptionalCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.template-imdsv2-optional",
        Title: "Node group launch template allows IMDSv1",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.High,
        Description: "The launch template a managed node group launches from sets MetadataOptions.HttpTokens optional, or leaves it unset on an AMI type whose default is optional (anything but AL2023 and Bottlerocket): every node launched from now on answers IMDSv1, which an SSRF in any pod can use to read the node role's credentials. node.imdsv2-optional judges the nodes running now; this judges the nodes to come.",
        Remediation: "Create a new launch template version with MetadataOptions HttpTokens required (and HttpPutResponseHopLimit 1), then update the node group to it (aws eks update-nodegroup-version --launch-template).",
        References: [References.EksIdentity, "CIS EKS Benchmark 3.2.1", "AWS Security Hub EC2.170", "Launch templates for managed node groups: https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html"],
        Sources: LaunchTemplateFindings.Sources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var (t, v) in LaunchTemplateFindings.Read(aws))
        {
            var tokens = v.MetadataOptions?.HttpTokens;
            if (v.MetadataOptions?.ImdsV2Required == true) continue;
            if (tokens is null)
            {
                var amiType = aws.Nodegroup(t.NodegroupName)?.AmiType ?? "";
                if (amiType.StartsWith("AL2023", StringComparison.Ordinal) || amiType.StartsWith("BOTTLEROCKET", StringComparison.Ordinal)) continue;
                yield return LaunchTemplateFindings.Finding(Descriptor, Descriptor.DefaultSeverity, t, v,
                    $"does not set HttpTokens and the node group's AMI type {(amiType.Length == 0 ? "(unknown)" : amiType)} allows IMDSv1 by default", ("httpTokens", ""), ("amiType", amiType));
                continue;
            }
            yield return LaunchTemplateFindings.Finding(Descriptor, Descriptor.DefaultSeverity, t, v, $"sets HttpTokens {tokens}: nodes launched from it allow IMDSv1",
                ("httpTokens", tokens));
        }
    }
}
