using System.Text;
using System.Text.Json;
using KubePosture.Operator.Cli;
using KubePosture.Operator.Cli.Scan;
using KubePosture.Operator.Tests.Scan;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Aws;

namespace KubePosture.Operator.Tests.Golden;

/// <summary>
/// Golden test of the demo cluster (issues 5 and 6): <c>kubeposture scan -f demo/cluster --aws -o json</c> against the
/// AWS emulator's demo account must produce exactly the findings in demo/cluster-findings.golden (severity, check id, kind/namespace/name), each reviewed by hand. A change of
/// a check or of the demo cluster shows up here as a diff; when the new findings are right, regenerate with
/// <c>make golden</c> (KUBEPOSTURE_WRITE_GOLDEN=1) and review the diff before committing it.
/// </summary>
public class DemoClusterGoldenTests
{
    public const string GoldenRelativePath = "demo/cluster-findings.golden";

    /// <summary>The scan's clock: the demo account's "today" (node heartbeats, ECR scans), so ages never drift.</summary>
    private static readonly DateTimeOffset ScanTime = new(2026, 1, 15, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Demo_cluster_findings_match_the_golden_file()
    {
        var root = RepositoryRoot.Path;
        var (exitCode, output, error) = await ScanAsync(Path.Combine(root, "demo", "cluster"));
        Assert.True(exitCode == ScanExitCodes.Ok, $"scan exit code {exitCode}: {error}");
        Assert.Equal("", error);

        var actual = Render(output);
        var path = Path.Combine(root, GoldenRelativePath);
        if (Environment.GetEnvironmentVariable("KUBEPOSTURE_WRITE_GOLDEN") == "1")
            await File.WriteAllTextAsync(path, actual, TestContext.Current.CancellationToken);

        Assert.True(File.Exists(path), $"{GoldenRelativePath} is missing; run `make golden` and review it");
        var expected = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.True(expected == actual, $"the demo cluster's findings differ from {GoldenRelativePath}; if the change is right, run `make golden` and review the diff.\n{Diff(expected, actual)}");
    }

    [Fact]
    public async Task Golden_file_covers_the_risks_the_demo_cluster_was_built_with_and_none_in_the_clean_namespaces()
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot.Path, GoldenRelativePath), TestContext.Current.CancellationToken))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToArray();

        // Each risky object of demo/cluster (see the comments in its files) is found with its severity.
        string[] expected =
        [
            "Critical\tpod.privileged\tDeployment/shop/debug-tools",
            "Critical\tpod.host-path\tDeployment/shop/debug-tools",
            "Critical\trbac.cluster-admin-binding\tClusterRoleBinding/ci-deployer-cluster-admin",
            "Critical\teks.aws-auth-masters\tConfigMap/kube-system/aws-auth",
            "High\tpod.run-as-root\tCronJob/batch/nightly-report",
            "High\trbac.wildcard\tClusterRole/report-reader",
            "High\trbac.pods-exec\tRole/shop/debugger",
            "Medium\timage.tag-latest\tDeployment/shop/debug-tools",
            "Medium\tnetpol.namespace-missing\tNamespace/shop",
            "Medium\tpod.secrets-in-env\tDeployment/shop/api",
            "Medium\tsvc.internet-exposed\tService/shop/api",
            // Issue 19 real exposure: only the Ingress (internet-facing ALB) reaches storefront and its vulnerable image.
            "Medium\tsvc.internet-exposed\tIngress/shop/storefront",
            "Critical\tlinked.exposed-vulnerable-image\tDeployment/shop/storefront",
        ];
        // The AWS account around it: the running digest's CVEs, the node group behind its AMI release, IMDSv1, an
        // IRSA trust without :sub, a VPC without flow logs (issue 6).
        string[] awsExpected = ["ecr.image-vulnerable", "node.ami-outdated", "node.imdsv2-optional", "iam.irsa-trust-unscoped", "vpc.flow-logs-off"];
        // The storefront ALB fails each elb.* check; the internal ledger ALB and the other cluster's NLB pass or are not read.
        Assert.Equal(["elb.http-without-redirect", "elb.no-access-logs", "elb.no-waf", "elb.weak-tls-policy"],
            lines.Where(l => l[1].StartsWith("elb.", StringComparison.Ordinal)).Select(l => l[1]).Order(StringComparer.Ordinal));
        Assert.All(lines.Where(l => l[1].StartsWith("elb.", StringComparison.Ordinal)), l => Assert.Equal("LoadBalancer.elasticloadbalancing/k8s-shop-storefro-0a1b2c3d4e", l[2]));
        Assert.All(awsExpected, check => Assert.Contains(lines, l => l[1] == check));
        var joined = lines.Select(l => string.Join('\t', l)).ToHashSet();
        Assert.All(expected, e => Assert.Contains(e, joined));

        // The locked-down namespaces have no in-cluster finding; the API's replicas fold into one Deployment finding.
        // payments/ledger is configured well and still runs an image with High CVEs: only the ECR link shows that.
        Assert.Equal(["ecr.image-vulnerable"], lines.Where(l => l[2].Contains("/payments/", StringComparison.Ordinal) || l[2] == "Namespace/payments").Select(l => l[1]));
        Assert.DoesNotContain(lines, l => l[2].Contains("/kubeposture/", StringComparison.Ordinal) || l[2] == "Namespace/kubeposture");
        Assert.DoesNotContain(lines, l => l[2].StartsWith("Pod/", StringComparison.Ordinal) || l[2].StartsWith("ReplicaSet/", StringComparison.Ordinal) || l[2].StartsWith("Job/", StringComparison.Ordinal));
    }

    /// <summary>
    /// <c>kubeposture scan -f demo/cluster --aws</c> against the AWS emulator serving the demo account (the account
    /// <c>make demo</c> runs with); only the credentials are the emulator's, the endpoint comes through the flag.
    /// </summary>
    private static async Task<(int ExitCode, string Output, string Error)> ScanAsync(string directory)
    {
        await using var aws = await AwsEmulatorServer.StartAsync(ScanRun.DemoAccount, cancellationToken: TestContext.Current.CancellationToken);
        var run = await ScanRun.InvokeAsync(["-f", directory, "-o", "json", "--aws", "--region", "us-west-2", "--cluster-name", "demo", "--aws-endpoint-url", aws.BaseUrl],
            ScanTime, services => ScanRun.UseEmulatorCredentials(services, aws));
        return (run.ExitCode, run.Output, run.Error);
    }

    /// <summary>One line per finding, worst first, then by check id and resource; a header says how to regenerate.</summary>
    internal static string Render(string json)
    {
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (
                Severity: f.GetProperty("severity").GetString()!,
                Check: f.GetProperty("checkId").GetString()!,
                Resource: string.Join('/', new[] { Kind(f), f.GetProperty("namespace").GetString(), f.GetProperty("name").GetString() }.Where(p => p is not null))))
            .OrderBy(r => SeverityRank(r.Severity)).ThenBy(r => r.Check, StringComparer.Ordinal).ThenBy(r => r.Resource, StringComparer.Ordinal)
            .ToList();
        var text = new StringBuilder();
        text.Append("# Findings of `kubeposture scan -f demo/cluster --aws` against the AWS emulator's demo account (scan time ").Append(ScanTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)).Append(").\n");
        text.Append("# Checked by DemoClusterGoldenTests; regenerate with `make golden` and review every changed line by hand.\n");
        text.Append("# severity\tcheck\tkind/namespace/name\n");
        foreach (var (severity, check, resource) in rows)
            text.Append(severity).Append('\t').Append(check).Append('\t').Append(resource).Append('\n');
        text.Append("# ").Append(rows.Count).Append(" findings\n");
        return text.ToString();
    }

    /// <summary>Kubernetes kinds as they are; AWS resources as Kind.service (Role.iam, Service.ecs), so they never read as Kubernetes objects.</summary>
    private static string Kind(JsonElement finding)
    {
        var kind = finding.GetProperty("kind").GetString()!;
        var apiVersion = finding.GetProperty("apiVersion").GetString() ?? "";
        return apiVersion.EndsWith(".amazonaws.com", StringComparison.Ordinal) ? $"{kind}.{apiVersion[..^".amazonaws.com".Length]}" : kind;
    }

    private static int SeverityRank(string severity) => severity switch
    {
        "Critical" => 0,
        "High" => 1,
        "Medium" => 2,
        "Low" => 3,
        _ => 4,
    };

    private static string Diff(string expected, string actual)
    {
        var before = expected.Split('\n').ToHashSet();
        var after = actual.Split('\n').ToHashSet();
        var lines = before.Except(after).Select(l => "- " + l).Concat(after.Except(before).Select(l => "+ " + l));
        return string.Join('\n', lines);
    }
}
