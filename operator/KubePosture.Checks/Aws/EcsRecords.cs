namespace KubePosture.Checks.Aws;

/// <summary>An ECS cluster (DescribeClusters) with its settings (containerInsights).</summary>
public sealed record EcsCluster(string Name, string Arn, string Status, IReadOnlyDictionary<string, string> Settings)
{
    public bool ContainerInsightsEnabled => Settings.TryGetValue("containerInsights", out var v) && v is "enabled" or "enhanced";
}

/// <summary>An ECS service (DescribeServices): its task definition and awsvpc public IP setting.</summary>
public sealed record EcsService(
    string ClusterArn,
    string Name,
    string Arn,
    string? TaskDefinitionArn,
    string? LaunchType,
    string? AssignPublicIp,
    IReadOnlyList<string> SecurityGroups,
    IReadOnlyList<string> Subnets);

/// <summary>A task definition revision (DescribeTaskDefinition).</summary>
public sealed record EcsTaskDefinition(
    string Arn,
    string Family,
    int Revision,
    string? NetworkMode,
    string? PidMode,
    string? IpcMode,
    string? TaskRoleArn,
    string? ExecutionRoleArn,
    IReadOnlyList<EcsContainerDefinition> Containers);

/// <summary>One container of a task definition; Environment holds literal values only (secrets are references).</summary>
public sealed record EcsContainerDefinition(
    string Name,
    string? Image,
    bool Privileged,
    bool ReadonlyRootFilesystem,
    string? User,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> SecretNames,
    string? LogDriver,
    IReadOnlyDictionary<string, string> LogOptions);

/// <summary>A task (DescribeTasks): what runs, from which task definition, started by which service (group "service:&lt;name&gt;").</summary>
public sealed record EcsTask(
    string ClusterArn,
    string TaskArn,
    string TaskDefinitionArn,
    string? LastStatus,
    string? Group,
    string? LaunchType,
    IReadOnlyList<EcsTaskContainer> Containers);

/// <summary>A running container of a task: ImageDigest is the digest that actually runs (sha256:...), when ECS reports it.</summary>
public sealed record EcsTaskContainer(string Name, string? Image, string? ImageDigest, string? LastStatus);
