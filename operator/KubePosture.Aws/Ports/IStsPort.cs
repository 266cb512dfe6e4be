using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>AWS STS: who the session's credentials belong to.</summary>
public interface IStsPort
{
    Task<AwsCallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken);
}
