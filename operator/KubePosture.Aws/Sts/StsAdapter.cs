using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using KubePosture.Aws.Http;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Sts;

/// <summary>AWS STS through the official AWSSDK.SecurityToken client.</summary>
internal sealed class StsAdapter(IAmazonSecurityTokenService sts, AwsCaller caller) : IStsPort
{
    public async Task<AwsCallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
    {
        var r = await caller.RunSdkAsync(Op.StsGetCallerIdentity, ct => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct), cancellationToken);
        return new AwsCallerIdentity(r.Account ?? "", r.Arn ?? "", r.UserId ?? "");
    }
}
