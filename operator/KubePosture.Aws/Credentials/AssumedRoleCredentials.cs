using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace KubePosture.Aws.Credentials;

/// <summary>
/// Credentials of a role assumed with the official STS client (AWSSDK.SecurityToken) from base credentials, refreshed
/// by the SDK's <see cref="RefreshingAWSCredentials"/> before they expire. STS honours the session's endpoint override.
/// </summary>
internal sealed class AssumedRoleCredentials(IAmazonSecurityTokenService sts, string roleArn, string sessionName, Func<Task> beforeCall)
    : RefreshingAWSCredentials
{
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        await beforeCall();
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = sessionName, DurationSeconds = 3600 });
        var c = response.Credentials ?? throw new Checks.Aws.AwsMalformedResponseException("sts", "AssumeRole", "Credentials", "missing");
        return new CredentialsRefreshState(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), c.Expiration?.ToUniversalTime() ?? DateTime.UtcNow.AddMinutes(15));
    }
}
