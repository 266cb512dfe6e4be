using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Sts;

/// <summary>AWS STS through the official AWSSDK.SecurityToken client. The caller identity of a session does not change: it is asked once per cache lifetime.</summary>
internal sealed class StsAdapter(IAmazonSecurityTokenService sts, AwsCaller caller, DescribeCache cache) : IStsPort
{
    public Task<AwsCallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(Op.StsGetCallerIdentity, "", async ct =>
        {
            var r = await caller.RunSdkAsync(Op.StsGetCallerIdentity, c => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), c), ct);
            return new AwsCallerIdentity(r.Account ?? "", r.Arn ?? "", r.UserId ?? "");
        }, cancellationToken);
}
