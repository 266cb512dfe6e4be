using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>Amazon EC2, read-only.</summary>
public interface IEc2Port
{
    /// <summary>Instances tagged with the EKS cluster name (tag aws:eks:cluster-name), all pages.</summary>
    Task<IReadOnlyList<Ec2Instance>> DescribeClusterInstancesAsync(string clusterName, CancellationToken cancellationToken);

    Task<IReadOnlyList<Ec2Instance>> DescribeInstancesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<Ec2SecurityGroup>> DescribeSecurityGroupsAsync(IReadOnlyList<string> groupIds, CancellationToken cancellationToken);

    /// <summary>Flow logs whose resource is one of the given VPC, subnet or interface ids.</summary>
    Task<IReadOnlyList<Ec2FlowLog>> DescribeFlowLogsAsync(IReadOnlyList<string> resourceIds, CancellationToken cancellationToken);

    /// <summary>One version of a launch template by id or name ("$Default", "$Latest" or a number); null when it does not exist.</summary>
    Task<Ec2LaunchTemplateVersion?> DescribeLaunchTemplateVersionAsync(string? templateId, string? templateName, string version, CancellationToken cancellationToken);

    /// <summary>GetEbsEncryptionByDefault of the region.</summary>
    Task<bool> GetEbsEncryptionByDefaultAsync(CancellationToken cancellationToken);

    /// <summary>EBS volumes by id (a volume-id filter: unknown ids are left out, not an error).</summary>
    Task<IReadOnlyList<Ec2Volume>> DescribeVolumesAsync(IReadOnlyList<string> volumeIds, CancellationToken cancellationToken);
}
