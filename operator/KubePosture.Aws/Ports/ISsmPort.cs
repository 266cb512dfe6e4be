using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>AWS Systems Manager, read-only.</summary>
public interface ISsmPort
{
    /// <summary>The parameter, or null when it does not exist.</summary>
    Task<SsmParameter?> GetParameterAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<SsmPatchState>> DescribeInstancePatchStatesAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<SsmInstanceInformation>> DescribeInstanceInformationAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);
}
