using Amazon.Runtime;

namespace KubePosture.Aws.Credentials;

/// <summary>
/// Hands the SDK clients an <see cref="AWSCredentials"/> before the default chain has been resolved: the chain is
/// resolved (once) on first use, and every call then delegates to what it found, which refreshes itself.
/// </summary>
internal sealed class DeferredCredentials(Func<Task<AWSCredentials>> resolve) : AWSCredentials
{
    private readonly Lazy<Task<AWSCredentials>> _resolved = new(resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync() =>
        await (await _resolved.Value).GetCredentialsAsync();
}
