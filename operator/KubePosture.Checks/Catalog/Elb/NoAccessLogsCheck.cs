using KubePosture.Checks.Engine;
using KubePosture.Checks.Model;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Catalog.Elb;

public sealed class NoAccessLogsCheck : ICheck
{
    public const string AccessLogsAttribute = "access_logs.s3.enabled";

    public CheckDescriptor Descriptor { get; } = new(
        Id: "elb.no-access-logs",
        Title: "Load balancer access logs are off",
        Category: CheckCategory.Elb,
        DefaultSeverity: Severity.Low,
        Description: "One of the cluster's Application or Network Load Balancers does not write access logs to S3 (attribute access_logs.s3.enabled is not \"true\"): the requests that reached the workloads behind it (client address, path, TLS version, response) cannot be investigated after an incident. Gateway Load Balancers have no access logs and are not assessed.",
        Remediation: "Turn access logs on: on an Ingress alb.ingress.kubernetes.io/load-balancer-attributes: access_logs.s3.enabled=true,access_logs.s3.bucket=<bucket>; on a Service service.beta.kubernetes.io/aws-load-balancer-attributes; or aws elbv2 modify-load-balancer-attributes.",
        References: [References.EksInfrastructure, "AWS Security Hub ELB.5", "ALB access logs: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html"],
        Sources: [.. LoadBalancerFindings.Sources, "elasticloadbalancing:DescribeLoadBalancerAttributes"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var lb in aws.LoadBalancers.Where(lb => lb.Type != "gateway"))
        {
            var value = lb.Attributes.GetValueOrDefault(AccessLogsAttribute);
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) continue;
            yield return LoadBalancerFindings.Finding(Descriptor, Descriptor.DefaultSeverity, inventory, lb,
                $"does not write access logs ({AccessLogsAttribute} is {(value is null ? "not set" : $"\"{value}\"")})",
                (AccessLogsAttribute, value ?? ""));
        }
    }
}
