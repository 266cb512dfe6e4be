using System.Text.Json;
using Amazon.Runtime;
using KubePosture.Aws;
using KubePosture.Aws.Collection;
using KubePosture.Aws.Telemetry;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Catalog.Vpc;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// The network findings of issue 16 through moto (a third-party AWS implementation) where moto has the API: subnet
/// flow logs cover the cluster, and an ICMP and all-TCP cluster group is graded by protocol. The operator's own
/// collector reads moto_server; moto's seeded account is scripts/moto_seed_cluster_network.py.
/// </summary>
public sealed class MotoThirdPartyGapTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subnet_flow_logs_pass_and_the_cluster_group_is_graded_by_protocol()
    {
        await using var moto = await MotoServer.StartAsync(Ct);
        var (exit, output) = await PythonScript.RunAsync([Path.Combine(AppContext.BaseDirectory, "scripts", "moto_seed_cluster_network.py"), moto.Endpoint], Ct);
        Assert.True(exit == 0, output);
        using var seeded = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
        var instanceId = seeded.RootElement.GetProperty("instanceId").GetString()!;
        var clusterSg = seeded.RootElement.GetProperty("clusterSg").GetString()!;

        var options = new AwsOptions
        {
            Endpoints = new(StringComparer.OrdinalIgnoreCase) { ["*"] = moto.Endpoint },
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(5),
            MaxRetries = 1,
        };
        using var factory = new AwsSessionFactory(options, new AwsMetrics(new NoMeters()), TimeProvider.System, baseCredentials: new BasicAWSCredentials("testing", "testing"));
        var cluster = Build.Cluster(nodes: [Build.Node("node-1") with { ProviderId = $"aws:///us-west-2a/{instanceId}" }]);
        var collection = await new AwsInventoryCollector(factory, "us-west-2").CollectAsync(cluster, new AwsCollectionRequest("us-west-2", "demo", null), Ct);
        Assert.Null(collection.ScopeError);
        var inventory = cluster.WithAws(collection.Inventory);
        // moto lacks some EKS list calls (access entries, add-ons, Pod Identity); the EC2 reads these checks need succeed.
        Assert.DoesNotContain(inventory.Aws!.Unavailable, u => u.Source == InventorySource.AwsEc2);

        var result = CheckEngine.Run([new FlowLogsOffCheck(), new SecurityGroupOpenCheck()], inventory, CheckSelection.All);

        Assert.Equal(["vpc.flow-logs-off", "vpc.sg-open"], result.ChecksRun.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.Findings, f => f.CheckId == "vpc.flow-logs-off");
        var sg = Assert.Single(result.Findings, f => f.CheckId == "vpc.sg-open");
        Assert.Equal(clusterSg, sg.Resource.Name);
        Assert.Equal(Severity.High, sg.Severity);
        Assert.Contains("all TCP ports", sg.Message, StringComparison.Ordinal);
    }
}
