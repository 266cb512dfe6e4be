namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// Where exported findings come from: the account and region of the Security Hub they go to, the cluster (its name and
/// EKS ARN) and the PostureScan. The finding Ids derive from the cluster ARN, so the same cluster exports the same Ids
/// from any scan or process.
/// </summary>
public sealed record AsffSource(string Partition, string Region, string AccountId, string ClusterName, string Scan)
{
    /// <summary>The cluster's ARN: the EKS cluster's, or one of the same form for a cluster that is not EKS.</summary>
    public string ClusterArn { get; init; } = $"arn:{Partition}:eks:{Region}:{AccountId}:cluster/{ClusterName}";

    /// <summary>The product ARN of findings an account imports itself (the "default" product).</summary>
    public string ProductArn => $"arn:{Partition}:securityhub:{Region}:{AccountId}:product/{AccountId}/default";
}

/// <summary>A finding a PostureException (or an allowed annotation) suppressed: by whom and why.</summary>
public sealed record AsffSuppression(string By, string Justification);
