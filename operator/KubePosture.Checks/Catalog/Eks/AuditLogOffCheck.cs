using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed class AuditLogOffCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.audit-log-off",
        Title: "Control plane audit log is off",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.Medium,
        Description: "The audit log type of the cluster's control plane logging is not enabled in any logging.clusterLogging entry: API requests (who read which Secret, who exec'd into which pod) leave no record in CloudWatch Logs.",
        Remediation: "Enable the audit log type (aws eks update-cluster-config --logging '{\"clusterLogging\":[{\"types\":[\"audit\"],\"enabled\":true}]}') and set a retention on the /aws/eks/<cluster>/cluster log group.",
        References: [References.EksInfrastructure, "CIS EKS Benchmark 2.1.1", "AWS Security Hub EKS.8", "Control plane logging: https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html"],
        Sources: [InventorySource.AwsEks, "eks:DescribeCluster"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        var cluster = AwsData.RequireCluster(aws);
        var resource = AwsResources.EksCluster(cluster.Name);
        if (cluster.LogEnabled("audit"))
            yield break;
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, resource,
            $"cluster {cluster.Name} does not send the control plane audit log to CloudWatch Logs");
    }
}
