using Amazon.Runtime;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Tests;

/// <summary>Tests that change process-wide environment variables; they run alone (no other test runs beside them).</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// Credentials through AWSSDK.Core: IRSA (web identity token file + role ARN from the environment, exchanged at the
/// emulator's STS) and a per-scan role assumed with the official STS client.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class CredentialTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Variables =
    [
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_ENDPOINT_URL_STS", "AWS_REGION", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_EC2_METADATA_DISABLED", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_STS_REGIONAL_ENDPOINTS",
    ];

    [Fact]
    public async Task Irsa_credentials_come_from_the_web_identity_token_file_through_sts()
    {
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        var tokenFile = Path.GetTempFileName();
        try
        {
            await using var aws = await AwsTestContext.StartAsync(defaultChain: true);
            await File.WriteAllTextAsync(tokenFile, aws.Server.Fixture.Section("sts")["webIdentityToken"]!.GetValue<string>(), Ct);
            foreach (var v in Variables) Environment.SetEnvironmentVariable(v, null);
            Environment.SetEnvironmentVariable("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile);
            Environment.SetEnvironmentVariable("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/kubeposture");
            Environment.SetEnvironmentVariable("AWS_ROLE_SESSION_NAME", "kubeposture-test");
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", aws.Server.BaseUrl);
            Environment.SetEnvironmentVariable("AWS_REGION", "us-west-2");
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(Path.GetTempPath(), "kubeposture-no-such-credentials"));
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(Path.GetTempPath(), "kubeposture-no-such-config"));

            var me = await aws.Session.Sts.GetCallerIdentityAsync(Ct);
            var cluster = await aws.Session.Eks.DescribeClusterAsync("demo", Ct);

            Assert.Equal("arn:aws:sts::111122223333:assumed-role/kubeposture/kubeposture-test", me.Arn);
            Assert.NotNull(cluster);
            var log = aws.Server.Requests.Entries;
            Assert.Equal("AssumeRoleWithWebIdentity", log[0].Operation);
            var eks = log.Single(e => e.Service == "eks");
            Assert.StartsWith("ASIA", eks.AccessKeyId); // signed with the temporary credentials STS issued
        }
        finally
        {
            foreach (var (v, value) in saved) Environment.SetEnvironmentVariable(v, value);
            File.Delete(tokenFile);
        }
    }

    [Fact]
    public async Task A_wrong_web_identity_token_fails_with_the_sts_error()
    {
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        var tokenFile = Path.GetTempFileName();
        try
        {
            await using var aws = await AwsTestContext.StartAsync(defaultChain: true);
            await File.WriteAllTextAsync(tokenFile, "not-the-projected-token", Ct);
            foreach (var v in Variables) Environment.SetEnvironmentVariable(v, null);
            Environment.SetEnvironmentVariable("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile);
            Environment.SetEnvironmentVariable("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/kubeposture");
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_STS", aws.Server.BaseUrl);
            Environment.SetEnvironmentVariable("AWS_REGION", "us-west-2");
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

            var error = await Assert.ThrowsAnyAsync<Exception>(() => aws.Session.Eks.DescribeClusterAsync("demo", Ct));

            Assert.Contains("InvalidIdentityToken", error.ToString());
            Assert.DoesNotContain(aws.Server.Requests.Entries, e => e.Service == "eks");
        }
        finally
        {
            foreach (var (v, value) in saved) Environment.SetEnvironmentVariable(v, value);
            File.Delete(tokenFile);
        }
    }

    [Fact]
    public async Task A_scan_role_is_assumed_with_the_base_credentials_and_used_for_every_service()
    {
        await using var aws = await AwsTestContext.StartAsync();
        var session = aws.Factory.GetSession(new AwsSessionRequest("us-west-2", "arn:aws:iam::111122223333:role/demo-vpc-cni"));

        var me = await session.Sts.GetCallerIdentityAsync(Ct);
        await session.Ecr.GetRegistryScanningConfigurationAsync(Ct);
        await session.Iam.GetRoleAsync("demo-node-role", Ct);
        await session.Ec2.DescribeFlowLogsAsync(["vpc-0a1b2c3d4e5f60004"], Ct);

        Assert.Equal("arn:aws:sts::111122223333:assumed-role/demo-vpc-cni/kubeposture", me.Arn);
        var log = aws.Server.Requests.Entries;
        var assume = Assert.Single(log, e => e.Operation == "AssumeRole");
        Assert.Equal(aws.Server.Credentials.AccessKeyId, assume.AccessKeyId);
        Assert.All(log.Where(e => e.Operation != "AssumeRole"), e => Assert.StartsWith("ASIA", e.AccessKeyId));
    }

    [Fact]
    public async Task A_role_that_cannot_be_assumed_is_reported_as_access_denied_for_sts_assume_role()
    {
        await using var aws = await AwsTestContext.StartAsync();
        var session = aws.Factory.GetSession(new AwsSessionRequest("us-west-2", "arn:aws:iam::111122223333:role/not-in-this-account"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => session.Ecs.ListClustersAsync(Ct));

        var denied = Assert.IsType<AwsAccessDeniedException>(error);
        Assert.Equal("sts:AssumeRole", denied.Action);
    }
}
