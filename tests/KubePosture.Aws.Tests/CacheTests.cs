using System.Text.Json.Nodes;
using KubePosture.AwsEmulator;
using Microsoft.Extensions.Time.Testing;

namespace KubePosture.Aws.Tests;

/// <summary>A second scan of unchanged data costs a small fraction of the first; findings follow the scan completion time.</summary>
public sealed class CacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_scan_of_unchanged_data_makes_at_most_ten_percent_of_the_first_scans_calls()
    {
        await using var aws = await AwsTestContext.StartAsync();

        await DemoSweep.RunAsync(aws.Session, Ct);
        var first = aws.Server.Requests.Count;
        aws.Server.Requests.Clear();
        await DemoSweep.RunAsync(aws.Session, Ct);
        var second = aws.Server.Requests.Entries;

        Assert.True(first >= 60, $"the demo sweep made only {first} calls; it should exercise every operation");
        Assert.True(second.Count <= first / 10, $"second scan made {second.Count} calls, first {first}: {string.Join(", ", second.Select(e => e.Operation))}");
        // What is left is the cheap freshness check: DescribeImages per repository (scan completion times), plus the caller identity.
        Assert.All(second, e => Assert.Contains(e.Operation, new[] { "DescribeImages", "GetCallerIdentity" }));
    }

    [Fact]
    public async Task Findings_are_fetched_again_only_when_the_scan_completion_time_changes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-15T00:00:00Z"));
        await using var aws = await AwsTestContext.StartAsync(time: time, configure: o => o.EcrImageRecheckInterval = TimeSpan.FromMinutes(15));
        var api = new Checks.Aws.EcrImageKey("111122223333", "demo/api", "sha256:1f3b4c2d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b");
        var worker = new Checks.Aws.EcrImageKey("111122223333", "demo/worker", "sha256:3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c");
        await aws.Session.Ecr.GetImageScansAsync([api, worker], Ct);
        aws.Server.Requests.Clear();

        // ECR completes a new scan of the api image with one more CRITICAL finding.
        var image = (JsonObject)aws.Server.Fixture.Section("ecr")["repositories"]![0]!["images"]![0]!;
        image["imageScanCompletedAt"] = DateTimeOffset.Parse("2026-02-01T00:00:00Z").ToUnixTimeSeconds();
        var findings = (JsonArray)image["enhancedFindings"]!;
        var extra = (JsonObject)findings[0]!.DeepClone();
        extra["packageVulnerabilityDetails"]!["vulnerabilityId"] = "CVE-2026-9999";
        findings.Add(extra);

        // Within the recheck interval ECR is not asked at all: a rescan costs no ECR call (the new scan shows up later).
        time.Advance(TimeSpan.FromMinutes(14));
        var early = await aws.Session.Ecr.GetImageScansAsync([api, worker], Ct);
        Assert.Empty(aws.Server.Requests.Entries);
        Assert.Equal(1, early[0].Count("CRITICAL"));

        // After it, one DescribeImages per repository tells which completion times changed; only those findings are read.
        time.Advance(TimeSpan.FromMinutes(2));
        var scans = await aws.Session.Ecr.GetImageScansAsync([api, worker], Ct);

        Assert.Equal(2, aws.Server.Requests.CountOf("ecr", "DescribeImages"));
        Assert.Equal(3, aws.Server.Requests.Entries.Count(e => e.Operation == "DescribeImageScanFindings")); // api only: 5 findings, pageSize 2
        Assert.Equal(2, scans[0].Count("CRITICAL"));
        Assert.Contains("CVE-2026-9999", scans[0].Findings.Select(f => f.Id));
        Assert.Equal(DateTimeOffset.Parse("2026-02-01T00:00:00Z"), scans[0].CompletedAt);
        Assert.Equal(3, scans[1].Findings.Count); // worker unchanged, served from the cache
    }

    [Fact]
    public async Task The_caller_identity_is_asked_once_per_session()
    {
        await using var aws = await AwsTestContext.StartAsync();
        var first = await aws.Session.Sts.GetCallerIdentityAsync(Ct);
        var second = await aws.Session.Sts.GetCallerIdentityAsync(Ct);

        Assert.Equal(first, second);
        Assert.Equal("111122223333", first.Account);
        Assert.Equal(1, aws.Server.Requests.CountOf("sts", "GetCallerIdentity"));
    }

    [Fact]
    public async Task Descriptions_expire_after_their_ttl()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-15T00:00:00Z"));
        await using var aws = await AwsTestContext.StartAsync(time: time, configure: o => o.EksCacheTtl = TimeSpan.FromMinutes(10));

        await aws.Session.Eks.DescribeClusterAsync("demo", Ct);
        time.Advance(TimeSpan.FromMinutes(9));
        await aws.Session.Eks.DescribeClusterAsync("demo", Ct);
        Assert.Equal(1, aws.Server.Requests.CountOf("eks", "DescribeCluster"));

        time.Advance(TimeSpan.FromMinutes(2));
        await aws.Session.Eks.DescribeClusterAsync("demo", Ct);
        Assert.Equal(2, aws.Server.Requests.CountOf("eks", "DescribeCluster"));
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        await using var aws = await AwsTestContext.StartAsync(configure: o => o.MaxRetries = 0);
        aws.Server.Faults.Inject("iam:GetRole", AwsFault.ServerError());

        await Assert.ThrowsAsync<Ports.AwsServiceException>(() => aws.Session.Iam.GetRoleAsync("demo-node-role", Ct));
        var role = await aws.Session.Iam.GetRoleAsync("demo-node-role", Ct);

        Assert.NotNull(role);
        Assert.Equal(2, aws.Server.Requests.CountOf("iam", "GetRole"));
    }

    [Fact]
    public async Task Sessions_are_reused_per_region_role_and_endpoints()
    {
        await using var aws = await AwsTestContext.StartAsync();
        var a = aws.Factory.GetSession(new KubePosture.Aws.Ports.AwsSessionRequest("us-west-2"));
        var b = aws.Factory.GetSession(new KubePosture.Aws.Ports.AwsSessionRequest("us-west-2"));
        var c = aws.Factory.GetSession(new KubePosture.Aws.Ports.AwsSessionRequest("us-west-2", "arn:aws:iam::111122223333:role/demo-vpc-cni"));

        Assert.Same(a, b);
        Assert.NotSame(a, c);
    }
}
