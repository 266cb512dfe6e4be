using KubePosture.Checks.Aws;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory.Aws;

namespace KubePosture.Checks.Semantics;

/// <summary>Guards for AWS checks: data a check cannot do without makes it not evaluated, never passed.</summary>
public static class AwsData
{
    /// <summary>The EKS cluster description, or not evaluated when the cluster was not found.</summary>
    public static EksCluster RequireCluster(AwsInventory aws) => aws.Cluster
        ?? throw new CheckNotEvaluatedException($"eks:DescribeCluster found no cluster named \"{aws.ClusterName}\" in {aws.Region}; set spec.aws.clusterName to the EKS cluster's name");
}
