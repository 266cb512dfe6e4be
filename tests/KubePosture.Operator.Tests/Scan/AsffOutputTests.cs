using System.Text.Json;
using System.Text.Json.Nodes;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Aws;
using KubePosture.Operator.Cli;
using KubePosture.Operator.Cli.Scan;

namespace KubePosture.Operator.Tests.Scan;

/// <summary>
/// <c>kubeposture scan -o asff</c>: the demo cluster with its AWS account (every finding kind: workloads, RBAC, nodes,
/// EKS, ECR, IAM, VPC, ECS) as ASFF documents that follow the ASFF rules and that a third-party Security Hub (moto,
/// through boto3 and botocore's request validation) imports without a failure, twice, updating rather than adding.
/// </summary>
public sealed class AsffOutputTests
{
    private static readonly DateTimeOffset ScanTime = new(2026, 1, 15, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Asff_of_every_finding_kind_follows_the_format_and_names_the_proper_resource_types()
    {
        var (findings, json) = await DemoAsffAsync("111122223333");

        Assert.Empty(AsffConformance.Problems(findings));
        using var report = JsonDocument.Parse(json);
        Assert.Equal(report.RootElement.GetProperty("findings").GetArrayLength(), findings.Count);
        var types = findings.SelectMany(f => f!["Resources"]!.AsArray()).Select(r => r!["Type"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "Other", "AwsEksCluster", "AwsEcrContainerImage", "AwsEc2Instance", "AwsIamRole", "AwsEcsService" }, types);

        var privileged = Assert.Single(findings, f => f!["GeneratorId"]!.GetValue<string>() == "pod.privileged"
            && f["ProductFields"]!["kubeposture/Resource"]!.GetValue<string>() == "Deployment/shop/debug-tools");
        Assert.StartsWith("arn:aws:eks:us-west-2:111122223333:cluster/demo/pod.privileged/Deployment/shop/debug-tools", privileged!["Id"]!.GetValue<string>());
        Assert.Equal("arn:aws:securityhub:us-west-2:111122223333:product/111122223333/default", privileged["ProductArn"]!.GetValue<string>());
        Assert.Equal("CRITICAL", privileged["Severity"]!["Label"]!.GetValue<string>());
        Assert.Equal("FAILED", privileged["Compliance"]!["Status"]!.GetValue<string>());
        // The framework catalog's controls the finding fails, the privileged (not the hostProcess) PSS control among them.
        var requirements = privileged["Compliance"]!["RelatedRequirements"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains("CIS Amazon EKS Benchmark 1.8.0/4.2.1", requirements);
        Assert.Contains(requirements, r => r.EndsWith("/privileged", StringComparison.Ordinal));
        Assert.DoesNotContain(requirements, r => r.EndsWith("/hostProcess", StringComparison.Ordinal));
        Assert.Equal("shop", privileged["ProductFields"]!["kubeposture/Namespace"]!.GetValue<string>());
        Assert.Equal("demo", privileged["ProductFields"]!["kubeposture/ClusterName"]!.GetValue<string>());
        var workload = privileged["Resources"]![0]!;
        Assert.Equal("Other", workload["Type"]!.GetValue<string>());
        Assert.Equal("Deployment", workload["Details"]!["Other"]!["kubernetes/kind"]!.GetValue<string>());
        Assert.Equal("shop", workload["Details"]!["Other"]!["kubernetes/namespace"]!.GetValue<string>());

        // A load balancer finding names the ALB by its ARN, with its DNS name and scheme.
        var noWaf = Assert.Single(findings, f => f!["GeneratorId"]!.GetValue<string>() == "elb.no-waf")!["Resources"]![0]!;
        Assert.Equal("AwsElbv2LoadBalancer", noWaf["Type"]!.GetValue<string>());
        Assert.StartsWith("arn:aws:elasticloadbalancing:us-west-2:", noWaf["Id"]!.GetValue<string>());
        Assert.Equal("internet-facing", noWaf["Details"]!["AwsElbv2LoadBalancer"]!["Scheme"]!.GetValue<string>());

        var vulnerable = findings.First(f => f!["GeneratorId"]!.GetValue<string>() == "ecr.image-vulnerable");
        Assert.Contains("Software and Configuration Checks/Vulnerabilities/CVE", vulnerable!["Types"]!.AsArray().Select(t => t!.GetValue<string>()));
        var image = vulnerable["Resources"]!.AsArray().First(r => r!["Type"]!.GetValue<string>() == "AwsEcrContainerImage")!;
        Assert.StartsWith("sha256:", image["Details"]!["AwsEcrContainerImage"]!["ImageDigest"]!.GetValue<string>());
    }

    [Fact]
    public async Task Asff_output_reimported_through_boto3_into_moto_has_no_failures_and_a_second_import_updates_in_place()
    {
        var ct = TestContext.Current.CancellationToken;
        var (findings, _) = await DemoAsffAsync(MotoServer.AccountId);
        using var dir = new ManifestDirectory();
        var file = dir.Write("findings.json", findings.ToJsonString());
        await using var moto = await MotoServer.StartAsync(ct);

        var (exit, output) = await PythonScript.RunAsync([Path.Combine(RepositoryRoot.Path, "tests", "Shared", "scripts", "securityhub_import.py"), moto.Endpoint, file], ct);

        Assert.True(exit == 0, output);
        using var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var r = result.RootElement;
        Assert.Equal(findings.Count, r.GetProperty("sent").GetInt32());
        Assert.Equal(0, r.GetProperty("first").GetProperty("failed").GetInt32());
        Assert.Equal(findings.Count, r.GetProperty("first").GetProperty("success").GetInt32());
        Assert.Equal(0, r.GetProperty("second").GetProperty("failed").GetInt32());
        Assert.Equal(findings.Count, r.GetProperty("afterFirst").GetInt32());
        Assert.Equal(findings.Count, r.GetProperty("afterSecond").GetInt32());
    }

    [Theory]
    [InlineData(new[] { "-o", "asff", "--region", "us-west-2", "--cluster-name", "demo" }, "--account-id: required with -o asff")]
    [InlineData(new[] { "-o", "asff", "--account-id", "12", "--region", "us-west-2", "--cluster-name", "demo" }, "--account-id \"12\": not a 12-digit AWS account id")]
    [InlineData(new[] { "-o", "asff", "--account-id", "123456789012", "--cluster-name", "demo" }, "--region: required with -o asff")]
    [InlineData(new[] { "-o", "asff", "--account-id", "123456789012", "--region", "us-west-2" }, "--cluster-name: required with -o asff")]
    [InlineData(new[] { "--account-id", "123456789012" }, "--account-id: only used with -o asff")]
    public async Task Asff_without_the_account_region_or_cluster_is_a_usage_error_naming_the_flag(string[] flags, string message)
    {
        using var dir = new ManifestDirectory();
        var run = await ScanRun.InvokeAsync(["-f", dir.Write("app.yaml", Manifests.PrivilegedDeployment), .. flags]);

        Assert.Equal(ScanExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    /// <summary>The demo cluster with --aws against the AWS emulator, once as ASFF and once as JSON (to compare counts).</summary>
    private static async Task<(JsonArray Findings, string Json)> DemoAsffAsync(string account)
    {
        await using var aws = await AwsEmulatorServer.StartAsync(ScanRun.DemoAccount, cancellationToken: TestContext.Current.CancellationToken);
        async Task<string> RunAsync(params string[] format)
        {
            var run = await ScanRun.InvokeAsync(["-f", Path.Combine(RepositoryRoot.Path, "demo", "cluster"), "--aws", "--region", "us-west-2", "--cluster-name", "demo",
                "--aws-endpoint-url", aws.BaseUrl, .. format], ScanTime, services => ScanRun.UseEmulatorCredentials(services, aws));
            Assert.True(run.ExitCode == ScanExitCodes.Ok, $"exit {run.ExitCode}: {run.Error}");
            return run.Output;
        }

        var asff = JsonNode.Parse(await RunAsync("-o", "asff", "--account-id", account))!.AsArray();
        return (asff, await RunAsync("-o", "json"));
    }
}
