namespace KubePosture.Checks.Aws;

/// <summary>AWS STS: who the session's credentials belong to.</summary>
public interface IStsPort
{
    Task<AwsCallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken);
}
