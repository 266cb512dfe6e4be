using System.Net;
using System.Net.Sockets;
using KubePosture.Api;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Aws;
using KubePosture.EndToEnd.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KubePosture.EndToEnd.Tests;

/// <summary>
/// Issue 6 through the operator host: a PostureScan with spec.aws.enabled in the control namespace reads the AWS
/// emulator's demo account (the operator's AWS wiring as in production, only the session factory carries the
/// emulator's credentials and endpoints), and a degraded account (one action denied, one service unreachable) still
/// publishes the in-cluster results, names what is missing in Degraded and lists the checks it could not evaluate.
/// </summary>
public sealed class AwsScanTests
{
    private const string Ns = TestCluster.ControlNamespace;

    /// <summary>The demo cluster's nodes (providerIDs of the demo account's instances) and a pod running the demo API digest.</summary>
    private static string ClusterYaml() =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "demo", "cluster", "10-nodes.yaml")) + """

        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: app
          namespace: team-a
          annotations: { eks.amazonaws.com/role-arn: "arn:aws:iam::111122223333:role/demo-app-irsa" }
        ---
        apiVersion: v1
        kind: Pod
        metadata: { name: api, namespace: team-a }
        spec:
          serviceAccountName: app
          nodeName: ip-10-0-1-23.us-west-2.compute.internal
          containers:
            - name: api
              image: 111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api:1.4.2
        status:
          phase: Running
          containerStatuses:
            - name: api
              ready: true
              image: 111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api:1.4.2
              imageID: 111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api@sha256:1f3b4c2d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Action<IServiceCollection> EmulatedAws(AwsEmulatorServer aws, params (string Service, string Url)[] overrides) =>
        Support.EmulatedAws.Services(aws, options =>
        {
            options.ClusterName = "demo";
            options.MaxRetries = 1;
            foreach (var (service, url) in overrides)
                options.Endpoints[service] = url;
        });

    private static Task<OperatorInstance> StartOperatorAsync(TestCluster cluster, Action<IServiceCollection> aws) =>
        OperatorInstance.StartAsync(cluster, configureServices: aws);

    private static PostureScan AwsScan(string name) => TestCluster.NewScan(Ns, name, s => s.Aws = new AwsSpec { Enabled = true });

    [Fact]
    public async Task Aws_enabled_scan_links_running_digest_nodes_and_roles_to_the_account_and_reports_its_calls()
    {
        await using var aws = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: Ct);
        await using var cluster = await TestCluster.StartAsync(ClusterYaml());
        await using var op = await StartOperatorAsync(cluster, EmulatedAws(aws));
        await cluster.CreateAsync(AwsScan("aws"));
        var scan = await cluster.WaitForReadyAsync(Ns, "aws");
        await op.WaitIdleAsync(cluster);

        var degraded = TestCluster.Condition(scan, ConditionTypes.Degraded)!;
        Assert.True(degraded.Status == "False", $"{degraded.Message}\n{op.Logs}");
        Assert.Null(scan.Status!.NotEvaluated);
        Assert.Equal(aws.Requests.Count, scan.Status.LastScan!.AwsCalls);
        Assert.True(scan.Status.LastScan.AwsCalls > 10, $"AWS calls {scan.Status.LastScan.AwsCalls}");

        // Each link of the chain shows up as a finding of its AWS-side check, beside the in-cluster ones.
        var m = await op.MetricsAsync();
        double Findings(string check) => m.Sum("kubeposture_findings", ("scan", "aws"), ("check", check));
        Assert.True(Findings("ecr.image-vulnerable") >= 1, "the running digest's ECR findings");
        Assert.True(Findings("node.ami-outdated") >= 1, "a node group behind its recommended AMI release");
        Assert.True(Findings("node.imdsv2-optional") >= 1, "a node with IMDSv1 allowed");
        Assert.True(Findings("iam.irsa-trust-unscoped") >= 1, "the IRSA role of team-a/app trusts more than that service account");
        Assert.True(Findings("vpc.flow-logs-off") >= 1, "the cluster VPC without flow logs");
        Assert.True(Findings("pod.privileged") >= 1, "in-cluster findings are still there");
        Assert.True(m.Sum("kubeposture_aws_requests_total") >= scan.Status.LastScan.AwsCalls, "every AWS request is counted in the metrics");

        // A second scan of the unchanged cluster reuses the cached descriptions and findings.
        var before = aws.Requests.Count;
        await cluster.PatchAsync(Ns, "aws", """{"metadata":{"annotations":{"kubeposture.io/rescan":"again"}}}""");
        var again = await cluster.WaitForAsync(Ns, "aws", s => s.Status?.LastHandledRescan == "again" && TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False", "rescan answered");
        Assert.Equal(aws.Requests.Count - before, again.Status!.LastScan!.AwsCalls);
        Assert.True(again.Status.LastScan.AwsCalls < scan.Status.LastScan.AwsCalls / 2, $"second scan {again.Status.LastScan.AwsCalls} calls, first {scan.Status.LastScan.AwsCalls}");
    }

    [Fact]
    public async Task Denied_action_and_unreachable_service_degrade_the_scan_but_in_cluster_results_publish()
    {
        await using var aws = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: Ct);
        aws.Faults.Inject("ec2:DescribeFlowLogs", AwsFault.AccessDenied());
        await using var cluster = await TestCluster.StartAsync(ClusterYaml());
        await using var op = await StartOperatorAsync(cluster, EmulatedAws(aws, ("ssm", $"http://127.0.0.1:{ClosedPort()}")));
        await cluster.CreateAsync(AwsScan("partial"));
        var scan = await cluster.WaitForReadyAsync(Ns, "partial");
        await op.WaitIdleAsync(cluster);

        Assert.Equal("True", TestCluster.Condition(scan, ConditionTypes.Ready)!.Status);
        var degraded = TestCluster.Condition(scan, ConditionTypes.Degraded)!;
        Assert.Equal("True", degraded.Status);
        Assert.Equal(ConditionReasons.SourceForbidden, degraded.Reason);
        Assert.Contains("ec2:DescribeFlowLogs (forbidden", degraded.Message, StringComparison.Ordinal);
        Assert.Contains("ssm unreachable in us-west-2", degraded.Message, StringComparison.Ordinal);

        // The operator's log says so too, once per scan, naming what is missing.
        Assert.Contains(op.LogLines, l => l.Contains("partial results", StringComparison.Ordinal) && l.Contains("ec2:DescribeFlowLogs", StringComparison.Ordinal));

        // What could not run is listed, never counted as passed; what could still ran.
        var notEvaluated = scan.Status!.NotEvaluated!.SelectMany(g => g.Checks).ToHashSet();
        Assert.Contains("vpc.flow-logs-off", notEvaluated);
        Assert.Contains("node.patch-noncompliant", notEvaluated);
        Assert.Contains("node.unmanaged-by-ssm", notEvaluated);
        Assert.Contains("node.ami-outdated", notEvaluated);
        Assert.DoesNotContain("ecr.image-vulnerable", notEvaluated);
        Assert.DoesNotContain("pod.privileged", notEvaluated);
        Assert.Equal(notEvaluated.Count, scan.Status.Summary!.NotEvaluatedChecks);
        Assert.Contains(scan.Status.NotEvaluated!, g => g.Reason.Contains("ec2:DescribeFlowLogs", StringComparison.Ordinal) && g.Checks.Contains("vpc.flow-logs-off"));

        var m = await op.MetricsAsync();
        Assert.True(m.Sum("kubeposture_findings", ("scan", "partial"), ("check", "ecr.image-vulnerable")) >= 1);
        Assert.True(m.Sum("kubeposture_findings", ("scan", "partial"), ("check", "pod.privileged")) >= 1);
        Assert.Equal(0, m.Sum("kubeposture_findings", ("scan", "partial"), ("check", "vpc.flow-logs-off")));
        Assert.Equal(0, aws.Requests.Entries.Count(r => r.Service == "ssm"));
    }

    [Fact]
    public async Task Tenant_scan_asking_for_aws_gets_no_aws_access_and_calls_nothing()
    {
        await using var aws = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: Ct);
        await using var cluster = await TestCluster.StartAsync(ClusterYaml());
        await using var op = await StartOperatorAsync(cluster, EmulatedAws(aws));
        await cluster.CreateAsync(TestCluster.NewScan("team-a", "tenant", s => s.Aws = new AwsSpec { Enabled = true }));
        var scan = await cluster.WaitForReadyAsync("team-a", "tenant", ConditionReasons.ScopeRestricted);

        Assert.Contains("spec.aws", TestCluster.Condition(scan, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.Equal(0, aws.Requests.Count);
        Assert.Equal(0, scan.Status!.LastScan!.AwsCalls);
    }

    /// <summary>A loopback port nothing listens on (bound by the OS, then released).</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
