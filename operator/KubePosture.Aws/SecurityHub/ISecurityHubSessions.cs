using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.SecurityHub;

/// <summary>Security Hub clients per region and role, with the account the identity belongs to (implemented by <see cref="AwsSessionFactory"/>).</summary>
public interface ISecurityHubSessions
{
    Task<(ISecurityHubPort SecurityHub, string AccountId, string Partition)> GetSecurityHubAsync(AwsSessionRequest request, CancellationToken cancellationToken);
}
