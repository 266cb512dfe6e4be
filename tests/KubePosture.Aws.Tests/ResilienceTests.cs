using System.Diagnostics;
using KubePosture.Aws.Ports;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Tests;

/// <summary>Retries on throttling and 5xx, AccessDenied typed and never retried, timeouts, cancellation, rate and concurrency limits.</summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private AwsTestContext _aws = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _aws = await AwsTestContext.StartAsync();

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    public static TheoryData<string> OneCallPerProtocol => new()
    {
        "ecr:GetRegistryScanningConfiguration", "eks:DescribeCluster", "iam:GetRole", "ec2:DescribeFlowLogs", "ssm:GetParameter", "ecs:ListClusters",
    };

    private static Task Call(IAwsSession aws, string operation) => operation switch
    {
        "ecr:GetRegistryScanningConfiguration" => aws.Ecr.GetRegistryScanningConfigurationAsync(Ct),
        "ecr:DescribeImageScanFindings" => aws.Ecr.GetImageScansAsync([new("111122223333", "demo/worker", "sha256:3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c")], Ct),
        "eks:DescribeCluster" => aws.Eks.DescribeClusterAsync("demo", Ct),
        "iam:GetRole" => aws.Iam.GetRoleAsync("demo-app-irsa", Ct),
        "ec2:DescribeFlowLogs" => aws.Ec2.DescribeFlowLogsAsync(["vpc-0a1b2c3d4e5f60004"], Ct),
        "ssm:GetParameter" => aws.Ssm.GetParameterAsync("/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version", Ct),
        "ecs:ListClusters" => aws.Ecs.ListClustersAsync(Ct),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    private int Count(string operation) => _aws.Server.Requests.CountOf(operation.Split(':')[0], operation.Split(':')[1]);

    [Theory]
    [MemberData(nameof(OneCallPerProtocol))]
    public async Task Throttling_is_retried_until_success(string operation)
    {
        _aws.Server.Faults.Inject(operation, AwsFault.Throttling(times: 2));

        await Call(_aws.Session, operation);

        Assert.Equal(3, Count(operation));
    }

    [Theory]
    [MemberData(nameof(OneCallPerProtocol))]
    public async Task Server_errors_are_retried(string operation)
    {
        _aws.Server.Faults.Inject(operation, AwsFault.ServerError(times: 1));

        await Call(_aws.Session, operation);

        Assert.Equal(2, Count(operation));
    }

    [Theory]
    [MemberData(nameof(OneCallPerProtocol))]
    public async Task Server_errors_whose_body_is_not_an_aws_error_document_are_retried(string operation)
    {
        // A proxy or load balancer in front of the endpoint (--aws-endpoint-url) answers 502/503 with HTML of its own.
        _aws.Server.Faults.Inject(operation, AwsFault.RawBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>", "text/html", status: 502));
        _aws.Server.Faults.Inject(operation, AwsFault.RawBody("<!DOCTYPE html><html><body>Service Unavailable</body></html>", "text/html", status: 503));

        await Call(_aws.Session, operation);

        Assert.Equal(3, Count(operation));
    }

    [Theory]
    [MemberData(nameof(OneCallPerProtocol))]
    [InlineData("ecr:DescribeImageScanFindings")]
    public async Task AccessDenied_carries_the_iam_action_and_is_not_retried(string operation)
    {
        _aws.Server.Faults.Inject(operation, AwsFault.AccessDenied());

        var denied = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => Call(_aws.Session, operation));

        Assert.Equal(operation, denied.Action);
        Assert.Contains(operation, denied.Message);
        Assert.Contains("iam-policy.json", denied.Message);
        Assert.Equal(1, Count(operation));
    }

    [Fact]
    public async Task Throttling_that_does_not_stop_surfaces_after_the_retry_budget()
    {
        _aws.Server.Faults.Inject("ecr:DescribeRepositories", AwsFault.Throttling(times: 100));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Session.Ecr.DescribeRepositoriesAsync(null, Ct));

        Assert.True(error.IsThrottling);
        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(4, Count("ecr:DescribeRepositories")); // 1 + MaxRetries 3
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Session.Eks.DescribeNodegroupAsync("demo", "nope", Ct));

        Assert.Equal(("ResourceNotFoundException", 404), (error.ErrorCode, error.StatusCode));
        Assert.Equal(1, Count("eks:DescribeNodegroup"));
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_is_retried()
    {
        await using var aws = await AwsTestContext.StartAsync(configure: o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));
        aws.Server.Faults.Inject("ecs:ListClusters", AwsFault.Delay(TimeSpan.FromSeconds(20)));

        var clusters = await aws.Session.Ecs.ListClustersAsync(Ct);

        Assert.Equal(2, clusters.Count);
        Assert.Equal(1, aws.Server.Requests.Entries.Count(e => e.Operation == "ListClusters" && e.Status == 200));
    }

    [Fact]
    public async Task Cancellation_stops_a_call_in_flight()
    {
        _aws.Server.Faults.Inject("eks:ListAddons", AwsFault.Delay(TimeSpan.FromSeconds(30)));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watch = Stopwatch.StartNew();
        var call = _aws.Session.Eks.ListAddonsAsync("demo", cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"cancellation took {watch.Elapsed}");
    }

    [Fact]
    public async Task The_token_bucket_bounds_the_request_rate()
    {
        await using var aws = await AwsTestContext.StartAsync(configure: o => o.Limits["ecs"] = new AwsServiceLimits { RequestsPerSecond = 5, Burst = 1, MaxConcurrency = 4 });
        var watch = Stopwatch.StartNew();

        await aws.Session.Ecs.ListServicesAsync("web", Ct); // 2 pages
        await aws.Session.Ecs.ListClustersAsync(Ct);
        await aws.Session.Ecs.DescribeTaskDefinitionAsync("web:3", Ct);

        // 4 requests with 1 token at a time and one new token every 200 ms: at least 3 waits, the first possibly short.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400), $"4 requests at 5/s with burst 1 took only {watch.Elapsed}");
    }

    [Fact]
    public async Task The_concurrency_cap_serialises_calls_to_a_service()
    {
        await using var aws = await AwsTestContext.StartAsync(configure: o => o.Limits["ssm"] = new AwsServiceLimits { RequestsPerSecond = 1000, Burst = 1000, MaxConcurrency = 1 });
        aws.Server.Faults.Inject("ssm:GetParameter", AwsFault.Delay(TimeSpan.FromMilliseconds(300), times: 2));
        var watch = Stopwatch.StartNew();

        await Task.WhenAll(
            aws.Session.Ssm.GetParameterAsync("/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version", Ct),
            aws.Session.Ssm.GetParameterAsync("/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/nvidia/recommended/release_version", Ct));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(600), $"two 300 ms calls with concurrency 1 took only {watch.Elapsed}");
    }
}
