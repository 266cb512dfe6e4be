using System.Text.Json.Nodes;
using Amazon.Runtime;
using KubePosture.Aws.Ports;
using KubePosture.Aws.SecurityHub;
using KubePosture.Aws.Telemetry;
using KubePosture.Checks.Aws;
using Microsoft.Extensions.Time.Testing;

namespace KubePosture.Aws.Tests.SecurityHub;

/// <summary>
/// The signed Security Hub client and the exporter against moto's securityhub (a third-party emulator): imports in
/// calls of 100 with no failure, and a rescan after a restart that reconciles with GetFindings and updates in place
/// rather than adding findings.
/// </summary>
public sealed class MotoSecurityHubTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_into_moto_imports_without_failures_and_a_rescan_updates_rather_than_adds()
    {
        await using var moto = await MotoServer.StartAsync(Ct);
        using var meters = new TestMeterFactory();
        using var factory = new AwsSessionFactory(AwsTestContext.FastOptions(moto.Endpoint), new AwsMetrics(meters), TimeProvider.System, null, null,
            new BasicAWSCredentials("testing", "testing"));
        var (hub, account, partition) = await factory.GetSecurityHubAsync(new AwsSessionRequest("eu-west-1"), Ct);
        var source = new AsffSource(partition, "eu-west-1", account, "prod-1", "kubeposture/cluster");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var findings = SecurityHubExportTests.Workloads(150);

        var first = await new SecurityHubExporter(time).ExportAsync(hub, source, AsffScan.Map(findings, [], source), Ct);
        time.Advance(TimeSpan.FromHours(6));
        findings[7] = SecurityHubExportTests.Workload(7, "runs privileged with hostPID");
        var rescan = await new SecurityHubExporter(time).ExportAsync(hub, source, AsffScan.Map(findings, [], source), Ct);
        var stored = await hub.GetFindingsAsync(new SecurityHubFindingFilter(source.ProductArn, source.ClusterArn, source.Scan), Ct);

        Assert.Equal(MotoServer.AccountId, account);
        Assert.Empty(first.Failed);
        Assert.Equal((150, 1 + 2), (first.New, first.Calls));
        Assert.True(rescan.Reconciled);
        Assert.Empty(rescan.Failed);
        Assert.Equal((1, 149, 0), (rescan.Updated, rescan.Unchanged, rescan.New));
        Assert.Equal(150, stored.Findings.Count);
        var changed = stored.Findings.Single(f => f.Id == AsffScan.Map([findings[7]], [], source).Single().Id).Document();
        Assert.Contains("hostPID", changed["Description"]!.GetValue<string>());
        Assert.Empty(AsffConformance.Problems(new JsonArray([.. stored.Findings.Select(f => (JsonNode)f.Document())])));
    }
}
