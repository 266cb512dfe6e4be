using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>
/// AWS STS (awsQuery): AssumeRoleWithWebIdentity (unsigned, as on AWS), AssumeRole and GetCallerIdentity. Issued
/// credentials are accepted by every other service of the emulator.
/// </summary>
public sealed class StsService(AccountFixture fixture, IamService iam, Identities identities, TimeProvider time) : IEmulatedService
{
    public string Name => "sts";

    public IReadOnlyCollection<string> Operations { get; } = ["AssumeRoleWithWebIdentity", "AssumeRole", "GetCallerIdentity"];

    /// <summary>Operations callable without a signature.</summary>
    public static bool IsUnsigned(string operation) => operation is "AssumeRoleWithWebIdentity";

    public EmulatorResponse Handle(EmulatorRequest r) => r.Operation switch
    {
        "AssumeRoleWithWebIdentity" => AssumeWithWebIdentity(r),
        "AssumeRole" => Assume(r),
        "GetCallerIdentity" => Wire.QueryResult("sts", "GetCallerIdentity",
            Wire.El("Arn", r.CallerArn) + Wire.El("UserId", identities.Find(r.AccessKeyId ?? "")?.UserId ?? "AIDAEXAMPLE") + Wire.El("Account", fixture.Account)),
        _ => throw new EmulatorErrorException(400, "InvalidAction", $"Could not find operation {r.Operation} for version 2011-06-15"),
    };

    private EmulatorResponse AssumeWithWebIdentity(EmulatorRequest r)
    {
        var roleArn = r.RequiredParam("RoleArn");
        var session = r.RequiredParam("RoleSessionName");
        var token = r.RequiredParam("WebIdentityToken");
        var expected = AccountFixture.Str(fixture.Section("sts"), "webIdentityToken");
        if (expected is not null && token.Trim() != expected)
            throw new EmulatorErrorException(400, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements");
        var (identity, assumedArn) = IssueFor(roleArn, session);
        return Wire.QueryResult("sts", "AssumeRoleWithWebIdentity",
            Wire.El("SubjectFromWebIdentityToken", "system:serviceaccount:kubeposture-system:kubeposture")
            + Wire.El("Audience", "sts.amazonaws.com")
            + $"<AssumedRoleUser>{Wire.El("Arn", assumedArn)}{Wire.El("AssumedRoleId", identity.UserId)}</AssumedRoleUser>"
            + Credentials(identity)
            + Wire.El("Provider", "arn:aws:iam::" + fixture.Account + ":oidc-provider/oidc.eks." + fixture.Region + ".amazonaws.com/id/EXAMPLE"));
    }

    private EmulatorResponse Assume(EmulatorRequest r)
    {
        var (identity, assumedArn) = IssueFor(r.RequiredParam("RoleArn"), r.RequiredParam("RoleSessionName"));
        return Wire.QueryResult("sts", "AssumeRole",
            $"<AssumedRoleUser>{Wire.El("Arn", assumedArn)}{Wire.El("AssumedRoleId", identity.UserId)}</AssumedRoleUser>" + Credentials(identity));
    }

    private (Identities.Identity Identity, string AssumedArn) IssueFor(string roleArn, string session)
    {
        var role = iam.FindRoleByArn(roleArn)
            ?? throw new EmulatorErrorException(403, "AccessDenied", $"Not authorized to perform sts:AssumeRole on {roleArn}");
        var roleName = AccountFixture.Str(role, "roleName");
        var assumedArn = $"arn:{fixture.Partition}:sts::{fixture.Account}:assumed-role/{roleName}/{session}";
        return (identities.Issue(assumedArn, $"AROAEXAMPLE{Math.Abs(roleName!.GetHashCode(StringComparison.Ordinal))}:{session}"), assumedArn);
    }

    private string Credentials(Identities.Identity identity) =>
        "<Credentials>" + Wire.El("AccessKeyId", identity.AccessKeyId) + Wire.El("SecretAccessKey", identity.SecretAccessKey)
        + Wire.El("SessionToken", identity.SessionToken)
        + Wire.El("Expiration", time.GetUtcNow().AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
        + "</Credentials>";
}
