using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Elb;

public sealed class NoWafCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "elb.no-waf",
        Title: "Internet-facing Application Load Balancer has no WAF web ACL",
        Category: CheckCategory.Elb,
        DefaultSeverity: Severity.Medium,
        Description: "An internet-facing Application Load Balancer of the cluster with no AWS WAF web ACL associated passes every request to the workloads behind it: no managed rules against common exploits (SQL injection, known bad inputs, Log4Shell-style payloads), no rate limiting and no IP reputation filtering in front of the Ingress it serves.",
        Remediation: "Associate a web ACL with at least the AWS managed core rule set: on an Ingress of the AWS Load Balancer Controller set alb.ingress.kubernetes.io/wafv2-acl-arn, or aws wafv2 associate-web-acl --resource-arn <load balancer ARN>.",
        References: [References.EksNetwork, "AWS Security Hub ELB.16", "AWS WAF on ALB: https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html"],
        Sources: [.. LoadBalancerFindings.Sources, InventorySource.AwsWafv2, "wafv2:GetWebACLForResource"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var lb in aws.LoadBalancers.Where(lb => lb.IsApplication && lb.InternetFacing && lb.WebAclArn is null))
            yield return LoadBalancerFindings.Finding(Descriptor, Descriptor.DefaultSeverity, inventory, lb, "has no WAF web ACL associated");
    }
}
