using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed class LoggingIncompleteCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.logging-incomplete",
        Title: "Control plane logging incomplete",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.Low,
        Description: "Control plane log types other than audit (api, authenticator, controllerManager, scheduler) are not all enabled; every logging.clusterLogging entry is read, so a type enabled in any entry counts. The authenticator log is what ties Kubernetes users to IAM principals. Audit is reported by eks.audit-log-off.",
        Remediation: "Enable the missing log types in logging.clusterLogging (aws eks update-cluster-config --logging ...).",
        References: [References.EksInfrastructure, "Control plane logging: https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html"],
        Sources: [InventorySource.AwsEks, "eks:DescribeCluster"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        var cluster = AwsData.RequireCluster(aws);
        var resource = AwsResources.EksCluster(cluster.Name);
        var missing = new[] { "api", "authenticator", "controllerManager", "scheduler" }.Where(t => !cluster.LogEnabled(t)).ToList();
        if (missing.Count == 0)
            yield break;
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, resource,
            $"cluster {cluster.Name} does not log control plane types {string.Join(", ", missing)}",
            new Dictionary<string, string> { ["missing"] = string.Join(",", missing) });
    }
}
