using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Ecs;

public sealed class ServicePublicIpCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecs.service-public-ip",
        Title: "ECS service assigns public IP addresses",
        Category: CheckCategory.Ecs,
        DefaultSeverity: Severity.High,
        Description: "A service with awsvpcConfiguration.assignPublicIp ENABLED gives every task a public address, reachable from the internet wherever its security groups allow.",
        Remediation: "Set assignPublicIp to DISABLED, run tasks in private subnets with a NAT gateway or VPC endpoints, and expose them through a load balancer.",
        References: ["AWS Security Hub ECS.2"],
        Sources: [InventorySource.AwsEcs, "ecs:DescribeServices"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var cluster in aws.EcsClusters)
        {
            foreach (var service in cluster.Services.Where(s => string.Equals(s.AssignPublicIp, "ENABLED", StringComparison.Ordinal)))
            {
                yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, EcsFindings.Ref(service),
                    $"ECS service {cluster.Cluster.Name}/{service.Name} assigns public IPs to its tasks (assignPublicIp: ENABLED, subnets {string.Join(", ", service.Subnets)})",
                    new Dictionary<string, string> { ["cluster"] = cluster.Cluster.Name, ["service"] = service.Name, ["subnets"] = string.Join(",", service.Subnets) });
            }
        }
    }
}
