using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Vpc;

public sealed class FlowLogsOffCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "vpc.flow-logs-off",
        Title: "Cluster VPC has no flow logs",
        Category: CheckCategory.Vpc,
        DefaultSeverity: Severity.Medium,
        Description: "Without VPC flow logs there is no record of which pods and nodes talked to what, for incident response or detection (GuardDuty reads them too). The cluster VPC (DescribeCluster resourcesVpcConfig.vpcId) is covered by an ACTIVE flow log on the VPC itself, or by ACTIVE flow logs on every cluster subnet.",
        Remediation: "Create a flow log on the cluster VPC (aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL ...) delivering to CloudWatch Logs or S3.",
        References: ["AWS Security Hub EC2.6", "CIS AWS Foundations Benchmark 3.9", References.EksNetwork],
        Sources: [InventorySource.AwsEks, InventorySource.AwsEc2, "eks:DescribeCluster", "ec2:DescribeFlowLogs"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        if (aws.Cluster is not { VpcId: { } vpcId } cluster)
            throw new CheckNotEvaluatedException("the cluster VPC is unknown (DescribeCluster resourcesVpcConfig.vpcId not read)");
        bool Active(string resourceId) => aws.FlowLogs.Any(f => f.ResourceId == resourceId && string.Equals(f.Status, "ACTIVE", StringComparison.OrdinalIgnoreCase));
        if (Active(vpcId)) yield break;
        if (cluster.SubnetIds.Count > 0 && cluster.SubnetIds.All(Active)) yield break;
        var inactive = aws.FlowLogs.Where(f => f.ResourceId == vpcId || cluster.SubnetIds.Contains(f.ResourceId)).ToList();
        var note = inactive.Count == 0
            ? "no flow log exists for it or for all of its cluster subnets"
            : $"its flow logs are not all ACTIVE or do not cover every cluster subnet ({string.Join(", ", inactive.Select(f => $"{f.FlowLogId} on {f.ResourceId}: {f.Status}"))})";
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.Vpc(vpcId),
            $"VPC {vpcId} of EKS cluster {cluster.Name} records no traffic: {note}",
            new Dictionary<string, string> { ["vpcId"] = vpcId, ["cluster"] = cluster.Name, ["subnets"] = string.Join(",", cluster.SubnetIds) });
    }
}
