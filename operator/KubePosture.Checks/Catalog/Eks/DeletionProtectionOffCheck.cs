using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed class DeletionProtectionOffCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.deletion-protection-off",
        Title: "Cluster deletion protection is off",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.Low,
        Description: "The cluster's deletionProtection is false: one eks:DeleteCluster call (a mistaken pipeline, a compromised administrator) removes the control plane and everything in etcd. Not evaluated when DescribeCluster does not report the setting.",
        Remediation: "Turn deletion protection on: aws eks update-cluster-config --name <cluster> --deletion-protection.",
        References: [References.EksInfrastructure, "Protect EKS clusters from accidental deletion: https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html"],
        Sources: [InventorySource.AwsEks, "eks:DescribeCluster"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var cluster = AwsData.RequireCluster(aws);
        var protection = cluster.DeletionProtection
            ?? throw new CheckNotEvaluatedException($"eks:DescribeCluster of {cluster.Name} did not report deletionProtection");
        if (protection) yield break;
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EksCluster(cluster.Name),
            $"cluster {cluster.Name} has deletion protection off: a single DeleteCluster call removes it");
    }
}
