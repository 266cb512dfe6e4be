using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>Amazon EKS, read-only.</summary>
public interface IEksPort
{
    /// <summary>The cluster, or null when it does not exist.</summary>
    Task<EksCluster?> DescribeClusterAsync(string clusterName, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListNodegroupsAsync(string clusterName, CancellationToken cancellationToken);

    Task<EksNodegroup> DescribeNodegroupAsync(string clusterName, string nodegroupName, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListAccessEntriesAsync(string clusterName, CancellationToken cancellationToken);

    Task<EksAccessEntry> DescribeAccessEntryAsync(string clusterName, string principalArn, CancellationToken cancellationToken);

    Task<IReadOnlyList<EksAssociatedAccessPolicy>> ListAssociatedAccessPoliciesAsync(string clusterName, string principalArn, CancellationToken cancellationToken);

    /// <summary>Association ids, optionally filtered by namespace and service account.</summary>
    Task<IReadOnlyList<string>> ListPodIdentityAssociationsAsync(string clusterName, string? @namespace, string? serviceAccount, CancellationToken cancellationToken);

    Task<EksPodIdentityAssociation> DescribePodIdentityAssociationAsync(string clusterName, string associationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListAddonsAsync(string clusterName, CancellationToken cancellationToken);

    Task<EksAddon> DescribeAddonAsync(string clusterName, string addonName, CancellationToken cancellationToken);

    Task<IReadOnlyList<EksAddonVersion>> DescribeAddonVersionsAsync(string addonName, string kubernetesVersion, CancellationToken cancellationToken);

    Task<IReadOnlyList<EksClusterVersion>> DescribeClusterVersionsAsync(CancellationToken cancellationToken);
}
