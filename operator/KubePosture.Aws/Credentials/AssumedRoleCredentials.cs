using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace KubePosture.Aws.Credentials;

/// <summary>
/// Credentials of a role assumed with the official STS client (AWSSDK.SecurityToken) from base credentials, refreshed
/// by the SDK's <see cref="RefreshingAWSCredentials"/> before they expire. STS honours the session's endpoint override.
/// </summary>
internal sealed class AssumedRoleCredentials(IAmazonSecurityTokenService sts, Http.AwsCaller caller, string roleArn, string sessionName)
    : RefreshingAWSCredentials
{
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var request = new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = sessionName, DurationSeconds = 3600 };
        var response = await caller.RunSdkAttemptAsync(AwsOperations.StsAssumeRole, ct => sts.AssumeRoleAsync(request, ct), CancellationToken.None);
        var c = response.Credentials ?? throw new Ports.AwsMalformedResponseException("sts", "AssumeRole", "Credentials", "missing");
        return new CredentialsRefreshState(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), c.Expiration?.ToUniversalTime() ?? DateTime.UtcNow.AddMinutes(15));
    }
}
