using Amazon.Runtime;
using KubePosture.Aws;
using KubePosture.Aws.Collection;
using KubePosture.Aws.Telemetry;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests.Collection;

/// <summary>The collector against the AWS emulator's demo account, then the AWS checks over what it read.</summary>
public sealed class CollectorTests : IAsyncLifetime
{
    private const string ApiDigest = "sha256:1f3b4c2d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b";
    private const string Registry = "111122223333.dkr.ecr.us-west-2.amazonaws.com";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AwsEmulatorServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: Ct);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private AwsSessionFactory Factory(Action<AwsOptions>? configure = null)
    {
        var options = new AwsOptions
        {
            Endpoints = new(StringComparer.OrdinalIgnoreCase) { ["*"] = _server.BaseUrl },
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(2),
            MaxRetries = 1,
            AttemptTimeout = TimeSpan.FromSeconds(10),
        };
        foreach (var service in new[] { "ecr", "eks", "ec2", "ssm", "iam", "ecs", "sts" })
            options.Limits[service] = new AwsServiceLimits { RequestsPerSecond = 10_000, Burst = 10_000, MaxConcurrency = 16 };
        configure?.Invoke(options);
        var (key, secret) = _server.Credentials;
        return new AwsSessionFactory(options, new AwsMetrics(new NoMeters()), TimeProvider.System, null, null, new BasicAWSCredentials(key, secret));
    }

    /// <summary>Two managed nodes of node group "general" and a self-managed one; two workloads run the same digest.</summary>
    private static ClusterInventory Cluster()
    {
        NodeRecord Node(string name, string instance, string? group) => Build.Node(name) with
        {
            ProviderId = $"aws:///us-west-2a/{instance}",
            Labels = group is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["eks.amazonaws.com/nodegroup"] = group },
        };
        var running = new RunningImage("app", $"{Registry}/demo/api:1.0", $"{Registry}/demo/api@{ApiDigest}");
        return Build.Cluster(
            [Build.Workload(name: "api", running: [running]), Build.Workload(name: "api-canary", running: [running])],
            nodes: [Node("node-1", "i-0a1b2c3d4e5f60001", "general"), Node("node-2", "i-0a1b2c3d4e5f60002", "general")]);
    }

    [Fact]
    public async Task Discovers_region_and_cluster_links_nodes_and_reads_each_running_digest_once()
    {
        using var factory = Factory();
        var collection = await new AwsInventoryCollector(factory, null).CollectAsync(Cluster(), new AwsCollectionRequest(null, null, null), Ct);

        Assert.Null(collection.ScopeError);
        var aws = collection.Inventory!;
        Assert.Equal("us-west-2", aws.Region);
        Assert.Equal("demo", aws.ClusterName);
        Assert.Equal("111122223333", aws.AccountId);
        var node1 = aws.NodeNamed("node-1")!;
        Assert.Equal("i-0a1b2c3d4e5f60001", node1.Instance!.InstanceId);
        Assert.Equal("general", node1.NodegroupName);
        Assert.Equal("1.31.0-20240928", node1.ReleaseVersion);
        Assert.NotNull(node1.RecommendedReleaseVersion);
        Assert.NotNull(node1.PatchState);
        Assert.Single(aws.ImageScans.Keys, k => k.Digest == ApiDigest); // two workloads and an ECS service run it: one entry
        // Two workloads run the digest: it is looked up exactly as often as when one does (findings pages included).
        var twoWorkloads = _server.Requests.CountOf("ecr", "DescribeImageScanFindings");
        _server.Requests.Clear();
        using var fresh = Factory();
        var single = Cluster() with { Workloads = [Cluster().Workloads[0]] };
        await new AwsInventoryCollector(fresh, null).CollectAsync(single, new AwsCollectionRequest(null, null, null), Ct);
        Assert.Equal(_server.Requests.CountOf("ecr", "DescribeImageScanFindings"), twoWorkloads);
        Assert.True(twoWorkloads > 0);
        Assert.Contains(aws.Roles, r => r.Uses.Any(u => u.Kind == Checks.Inventory.Aws.AwsRoleUseKind.NodeRole));
        Assert.DoesNotContain(aws.Unavailable, u => u.Source != InventorySource.AwsEcs);
    }

    [Fact]
    public async Task The_demo_account_fails_the_expected_aws_checks_end_to_end()
    {
        using var factory = Factory();
        var cluster = Cluster();
        var collection = await new AwsInventoryCollector(factory, null).CollectAsync(cluster, new AwsCollectionRequest(null, null, null), Ct);
        var result = CheckEngine.Run(CheckCatalog.All.Where(c => c.Descriptor.RequiresAws).ToList(), cluster.WithAws(collection.Inventory), CheckSelection.All);

        var failing = result.Findings.Select(f => f.CheckId).ToHashSet();
        Assert.Contains("ecr.image-vulnerable", failing);
        Assert.Contains("node.ami-outdated", failing);
        Assert.Contains("node.imdsv2-optional", failing);
        Assert.Contains("node.patch-noncompliant", failing);
        Assert.Contains("node.public-ip", failing);
        var vulnerable = result.Findings.Where(f => f.CheckId == "ecr.image-vulnerable" && f.Resource.ApiVersion == "apps/v1").ToList();
        Assert.Equal(["api", "api-canary"], vulnerable.Select(f => f.Resource.Name).Order());
        Assert.All(vulnerable, f => Assert.Equal(Severity.Critical, f.Severity));
    }

    [Fact]
    public async Task Ecs_tasks_are_linked_to_the_ecr_findings_of_the_digest_they_run_with_one_lookup_per_digest()
    {
        using var factory = Factory();
        // Nothing in the cluster runs the batch image; only the account's standalone ECS task does.
        var cluster = Cluster();
        var collection = await new AwsInventoryCollector(factory, null).CollectAsync(cluster, new AwsCollectionRequest(null, null, null), Ct);
        var aws = collection.Inventory!;
        var result = CheckEngine.Run(CheckCatalog.All.Where(c => c.Descriptor.RequiresAws).ToList(), cluster.WithAws(aws), CheckSelection.All);

        // web-frontend's two tasks run the API digest (the cluster runs it too): one ECR lookup, a finding on the service.
        var service = Assert.Single(result.Findings, f => f.CheckId == "ecr.image-vulnerable" && f.Resource.Kind == "Service");
        Assert.Equal("arn:aws:ecs:us-west-2:111122223333:service/web/web-frontend", service.Resource.Name);
        Assert.Equal("ecs.amazonaws.com", service.Resource.ApiVersion);
        Assert.Equal(Severity.Critical, service.Severity);
        Assert.Equal(ApiDigest, service.Details!["digest"]);
        Assert.Equal("web", service.Details!["containers"]);
        Assert.Contains("container \"web\" runs demo/api@" + ApiDigest, service.Message, StringComparison.Ordinal);
        // The standalone batch task's digest was looked up because it runs, and is attached to its task definition.
        Assert.Contains(aws.ImageScans.Keys, k => k.RepositoryName == "demo/batch" && k.Digest.StartsWith("sha256:4d4d", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.CheckId.StartsWith("ecr.image-", StringComparison.Ordinal)
            && f.Resource == new ResourceRef("ecs.amazonaws.com", "TaskDefinition", null, "arn:aws:ecs:us-west-2:111122223333:task-definition/batch:2"));
        Assert.Equal(aws.ImageScans.Count, aws.ImageScans.Keys.Select(k => k.Digest).Distinct().Count());
    }

    [Fact]
    public async Task Named_ecs_clusters_are_described_directly_and_a_missing_one_is_a_note()
    {
        using var factory = Factory();
        var collection = await new AwsInventoryCollector(factory, null).CollectAsync(Cluster(),
            new AwsCollectionRequest(null, null, null, EcsClusters: ["internal", "gone"]), Ct);
        var aws = collection.Inventory!;

        Assert.Equal(["internal"], aws.EcsClusters.Select(c => c.Cluster.Name));
        Assert.Equal(0, _server.Requests.CountOf("ecs", "ListClusters"));
        Assert.Contains(aws.Notes, n => n.StartsWith("spec.aws.ecsClusters: gone not found (or inactive) in us-west-2", StringComparison.Ordinal));
        // The web cluster was not named: its services and tasks are not read, so its task digests are not looked up.
        Assert.DoesNotContain(aws.ImageScans.Keys, k => k.RepositoryName == "demo/batch");
    }

    [Fact]
    public async Task A_denied_action_and_an_unreachable_service_are_recorded_and_those_checks_are_not_evaluated()
    {
        _server.Faults.Inject("ecr:DescribeImageScanFindings", AwsFault.AccessDenied());
        using var factory = Factory(o => o.Endpoints["ssm"] = "http://127.0.0.1:9"); // discard port: nothing listens
        var cluster = Cluster();
        var collection = await new AwsInventoryCollector(factory, null).CollectAsync(cluster, new AwsCollectionRequest("us-west-2", "demo", null), Ct);
        var aws = collection.Inventory!;

        Assert.Contains(aws.Unavailable, u => u is { Action: "ecr:DescribeImageScanFindings", Denied: true });
        Assert.Contains(aws.Unavailable, u => u is { Source: "aws:ssm", Action: "*", Denied: false });
        var result = CheckEngine.Run(CheckCatalog.All.Where(c => c.Descriptor.RequiresAws).ToList(), cluster.WithAws(aws), CheckSelection.All);
        Assert.StartsWith("ecr:DescribeImageScanFindings denied", result.ChecksNotEvaluated["ecr.image-vulnerable"]);
        Assert.StartsWith("source aws:ssm unavailable", result.ChecksNotEvaluated["node.patch-noncompliant"]);
        Assert.StartsWith("source aws:ssm unavailable", result.ChecksNotEvaluated["node.ami-outdated"]);
        Assert.Contains("node.imdsv2-optional", result.ChecksRun);
        Assert.Contains(result.Findings, f => f.CheckId == "node.imdsv2-optional");
    }

    [Fact]
    public async Task Ambiguous_cluster_names_are_a_clear_scope_error()
    {
        using var factory = Factory();
        var cluster = Cluster() with
        {
            Nodes = [Build.Node("a") with { Labels = new Dictionary<string, string> { ["alpha.eksctl.io/cluster-name"] = "one" }, ProviderId = "aws:///us-west-2a/i-0a1b2c3d4e5f60001" },
                     Build.Node("b") with { Labels = new Dictionary<string, string> { ["alpha.eksctl.io/cluster-name"] = "two" }, ProviderId = "aws:///us-west-2b/i-0a1b2c3d4e5f60002" }],
        };
        var collection = await new AwsInventoryCollector(factory, null).CollectAsync(cluster, new AwsCollectionRequest(null, null, null), Ct);
        Assert.Null(collection.Inventory);
        Assert.Equal("spec.aws.clusterName: not set and the nodes name several clusters (one, two); set spec.aws.clusterName", collection.ScopeError);

        var regions = Cluster() with { Nodes = [Build.Node("a") with { ProviderId = "aws:///us-west-2a/i-1" }, Build.Node("b") with { ProviderId = "aws:///eu-west-1a/i-2" }] };
        var byRegion = await new AwsInventoryCollector(factory, null).CollectAsync(regions, new AwsCollectionRequest(null, null, null), Ct);
        Assert.Contains("span regions eu-west-1, us-west-2", byRegion.ScopeError);
    }
}
