using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>Amazon ECS, read-only.</summary>
public interface IEcsPort
{
    Task<IReadOnlyList<string>> ListClustersAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<EcsCluster>> DescribeClustersAsync(IReadOnlyList<string> clusterArns, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListServicesAsync(string cluster, CancellationToken cancellationToken);

    Task<IReadOnlyList<EcsService>> DescribeServicesAsync(string cluster, IReadOnlyList<string> serviceArns, CancellationToken cancellationToken);

    Task<EcsTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken);

    /// <summary>ARNs of the cluster's RUNNING tasks (services' and standalone ones), all pages.</summary>
    Task<IReadOnlyList<string>> ListTasksAsync(string cluster, CancellationToken cancellationToken);

    /// <summary>Tasks with the task definition they run and the image digest each container actually runs.</summary>
    Task<IReadOnlyList<EcsTask>> DescribeTasksAsync(string cluster, IReadOnlyList<string> taskArns, CancellationToken cancellationToken);
}
