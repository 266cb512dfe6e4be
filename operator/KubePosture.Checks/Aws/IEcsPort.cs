namespace KubePosture.Checks.Aws;

/// <summary>Amazon ECS, read-only.</summary>
public interface IEcsPort
{
    Task<IReadOnlyList<string>> ListClustersAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<EcsCluster>> DescribeClustersAsync(IReadOnlyList<string> clusterArns, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListServicesAsync(string cluster, CancellationToken cancellationToken);

    Task<IReadOnlyList<EcsService>> DescribeServicesAsync(string cluster, IReadOnlyList<string> serviceArns, CancellationToken cancellationToken);

    Task<EcsTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken);
}
