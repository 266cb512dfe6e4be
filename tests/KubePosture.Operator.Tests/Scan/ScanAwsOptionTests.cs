using KubePosture.Aws;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Aws;
using KubePosture.Operator.Cli;
using KubePosture.Operator.Cli.Scan;
using Microsoft.Extensions.DependencyInjection;

namespace KubePosture.Operator.Tests.Scan;

/// <summary><c>kubeposture scan --aws</c>: flag validation, scope errors and a partial AWS read.</summary>
public sealed class ScanAwsOptionTests
{
    private static readonly string Nodes = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "demo", "cluster", "10-nodes.yaml"));

    [Theory]
    [InlineData(new[] { "--region", "us-west-2" }, "--region, --cluster-name, --role-arn and --aws-endpoint-url need --aws")]
    [InlineData(new[] { "--aws", "--region", "Oregon" }, "--region \"Oregon\": not an AWS region")]
    [InlineData(new[] { "--aws", "--role-arn", "arn:aws:iam::1:user/x" }, "--role-arn \"arn:aws:iam::1:user/x\": not an IAM role ARN")]
    [InlineData(new[] { "--aws", "--aws-endpoint-url", "ftp://x" }, "--aws-endpoint-url \"ftp://x\": not an http(s) URL")]
    public async Task Bad_aws_flags_are_usage_errors_naming_the_flag(string[] flags, string message)
    {
        using var dir = new ManifestDirectory();
        var run = await ScanRun.InvokeAsync(["-f", dir.Write("app.yaml", Manifests.PrivilegedDeployment), .. flags]);

        Assert.Equal(ScanExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Aws_without_a_region_anywhere_is_a_usage_error_saying_what_to_pass()
    {
        using var dir = new ManifestDirectory();
        // No nodes with providerIDs and no region configured: the region cannot be discovered.
        var run = await InvokeAsync(null, ["-f", dir.Write("app.yaml", Manifests.PrivilegedDeployment), "--aws"], noRegionEnvironment: true);

        Assert.Equal(ScanExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains("--aws:", run.Error, StringComparison.Ordinal);
        Assert.Contains("region", run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Denied_action_is_a_warning_and_its_checks_are_not_evaluated_while_the_rest_report()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var aws = await AwsEmulatorServer.StartAsync(ScanRun.DemoAccount, cancellationToken: ct);
        aws.Faults.Inject("ec2:DescribeFlowLogs", AwsFault.AccessDenied());
        using var dir = new ManifestDirectory();
        var file = dir.Write("nodes.yaml", Nodes);

        var run = await InvokeAsync(aws, ["-f", file, "-o", "json", "--aws", "--cluster-name", "demo", "--aws-endpoint-url", aws.BaseUrl]);

        Assert.Equal(ScanExitCodes.Ok, run.ExitCode);
        Assert.Contains("warning: AWS ec2:DescribeFlowLogs: forbidden: UnauthorizedOperation", run.Error, StringComparison.Ordinal);
        Assert.Contains("checks not evaluated; the report is partial", run.Error, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        var notEvaluated = json.RootElement.GetProperty("checksNotEvaluated");
        Assert.True(notEvaluated.TryGetProperty("vpc.flow-logs-off", out _), run.Output);
        Assert.False(notEvaluated.TryGetProperty("node.imdsv2-optional", out _), run.Output);
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("checkId").GetString() == "node.imdsv2-optional");
        Assert.Contains(aws.Requests.Entries, r => r.Service == "ec2" && r.Operation == "DescribeInstances");
    }

    private static Task<ScanRun> InvokeAsync(AwsEmulatorServer? aws, string[] args, bool noRegionEnvironment = false) =>
        ScanRun.InvokeAsync(args, new DateTimeOffset(2026, 1, 15, 6, 0, 0, TimeSpan.Zero), services =>
        {
            if (noRegionEnvironment)
                services.PostConfigure<AwsOptions>(o => o.Region = null);
            if (aws is not null)
                ScanRun.UseEmulatorCredentials(services, aws);
        });
}
