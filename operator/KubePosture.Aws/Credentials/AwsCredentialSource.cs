using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace KubePosture.Aws.Credentials;

/// <summary>
/// Where base credentials come from: AWSSDK.Core's default chain (environment, IRSA web identity through STS,
/// EKS Pod Identity container credentials, shared profile, instance metadata) unless the host supplies its own.
/// </summary>
public static class AwsCredentialSource
{
    /// <summary>Resolves the SDK's default credential chain for a region.</summary>
    public static async Task<AWSCredentials> ResolveDefaultAsync(string region, CancellationToken cancellationToken)
    {
        var config = new Signing.SigningClientConfig("sts", region, AwsPartitionsEndpoint("sts", region));
        var resolver = new DefaultAWSCredentialsIdentityResolver();
        return await resolver.ResolveIdentityAsync(config, cancellationToken);
    }

    private static Uri AwsPartitionsEndpoint(string service, string region) => Checks.Aws.AwsPartitions.Endpoint(service, region);
}
