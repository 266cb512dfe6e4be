using k8s;
using System.Diagnostics;
using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;

namespace KubePosture.EndToEnd.Tests.Adversarial;

/// <summary>
/// Issue 15: the reproductions that need a cluster of their own (a malformed aws-auth, a killed process, a throttling
/// or failing API server), replayed against the operator on the emulators.
/// </summary>
public sealed class AdversarialFaultTests
{
    private const string Ns = AdversarialOperator.Ns;

    private const string MalformedAwsAuth = """
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: aws-auth, namespace: kube-system }
        data:
          mapRoles: |
            - rolearn: arn:aws:iam::111122223333:role/nodes
              username: system:node:{{EC2PrivateDNSName}}
              groups: [system:bootstrappers, system:nodes
            - rolearn: arn:aws:iam::111122223333:role/backdoor
              username: backdoor
              groups: [system:masters]
        """;

    [Fact]
    public async Task Repro07_a_malformed_aws_auth_is_a_finding_naming_the_key_before_and_after_a_restart()
    {
        await using var cluster = await TestCluster.StartAsync("""
            apiVersion: v1
            kind: ConfigMap
            metadata: { name: aws-auth, namespace: kube-system }
            data:
              mapRoles: |
                - rolearn: arn:aws:iam::111122223333:role/nodes
                  username: system:node:{{EC2PrivateDNSName}}
                  groups: [system:bootstrappers, system:nodes]
            """);
        var clock = Stopwatch.StartNew();
        await using (var op = await AdversarialOperator.StartOperatorAsync(cluster))
        {
            await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster", s => s.Checks = new CheckSelectionSpec { Include = ["eks.aws-auth-masters"] }));
            var clean = await cluster.WaitForReadyAsync(Ns, "cluster");
            Assert.Equal(0, clean.Status!.Summary!.High + clean.Status.Summary.Critical);

            // The edit that breaks the YAML (and adds a system:masters mapping) must not leave the old, clean record in place.
            clock.Restart();
            await cluster.Admin.CoreV1.ReplaceNamespacedConfigMapAsync(k8s.KubernetesYaml.Deserialize<k8s.Models.V1ConfigMap>(MalformedAwsAuth), "aws-auth", "kube-system", cancellationToken: TestContext.Current.CancellationToken);
            var broken = await cluster.WaitForAsync(Ns, "cluster", s => s.Status?.TopFindings?.Any(f => f.CheckId == "eks.aws-auth-masters") == true, "the malformed aws-auth reported");
            clock.Stop();
            var finding = Assert.Single(broken.Status!.TopFindings!, f => f.CheckId == "eks.aws-auth-masters");
            Assert.Equal("High", finding.Severity);
            Assert.Contains("mapRoles", finding.Message, StringComparison.Ordinal);
            Assert.Equal("aws-auth", finding.Resource.Name);
            await Adversary.AssertQuietAsync(cluster, op, Ns, "cluster");
        }

        // A restart reads the malformed object afresh: the finding is still there.
        await using var restarted = await AdversarialOperator.StartOperatorAsync(cluster);
        await cluster.PatchAsync(Ns, "cluster", """{"metadata":{"annotations":{"kubeposture.io/rescan":"after-restart"}}}""");
        var again = await cluster.WaitForAsync(Ns, "cluster", s => s.Status?.LastHandledRescan == "after-restart" && TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False", "rescan after the restart");
        Assert.Contains(again.Status!.TopFindings!, f => f.CheckId == "eks.aws-auth-masters" && f.Message!.Contains("mapRoles", StringComparison.Ordinal));
        Assert.Equal(1, Adversary.ScansStarted(restarted, Ns, "cluster"));
        Adversary.Report("7", nameof(Repro07_a_malformed_aws_auth_is_a_finding_naming_the_key_before_and_after_a_restart), "1 per change", clock);
    }

    [Fact]
    public async Task Repro08_a_scan_left_Scanning_True_by_a_killed_process_runs_when_the_operator_is_back()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using (var killed = OperatorProcess.Start(cluster, "sigkill", "op-sigkill"))
        {
            // A completed scan first: its status (this generation, ScanCompleted, a next scan hours away) is one a new
            // process would trust, were it not for the Scanning=True the kill leaves on it.
            await cluster.CreateAsync(TestCluster.NewScan(Ns, "interrupted", s => s.Checks = new CheckSelectionSpec { Include = ["pod.privileged"] }));
            await cluster.WaitForReadyAsync(Ns, "interrupted", timeout: TimeSpan.FromSeconds(60));

            // A cluster change triggers the next scan; every request takes 1.5 s, so it is still running when the
            // process is killed, and the change it was to assess is never reported by that process.
            cluster.Server.Faults.Latency = TimeSpan.FromMilliseconds(1500);
            cluster.Server.Seed("""
                apiVersion: v1
                kind: Pod
                metadata: { name: created-before-kill, namespace: team-b }
                spec:
                  containers: [ { name: main, image: registry.example.com/x:1, securityContext: { privileged: true } } ]
                """);
            await cluster.WaitForAsync(Ns, "interrupted", s => TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "True", "Scanning=True (a scan in flight)", TimeSpan.FromSeconds(60));
            killed.Kill();
            await killed.WaitForExitAsync(TimeSpan.FromSeconds(10));
            cluster.Server.Faults.Reset();
        }

        var left = (await cluster.GetAsync(Ns, "interrupted"))!;
        Assert.Equal("True", TestCluster.Condition(left, ConditionTypes.Scanning)!.Status);
        Assert.Equal(ConditionReasons.ScanCompleted, TestCluster.Condition(left, ConditionTypes.Ready)!.Reason);
        Assert.True(left.Status!.NextScanTime > DateTime.UtcNow.AddHours(1), $"next scan {left.Status.NextScanTime:O}");
        Assert.DoesNotContain(left.Status.TopFindings ?? [], f => f.Resource.Name == "created-before-kill");

        var clock = Stopwatch.StartNew();
        await using var op = await OperatorInstance.StartAsync(cluster);
        var scan = await cluster.WaitForAsync(Ns, "interrupted", s => TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False"
            && s.Status?.TopFindings?.Any(f => f.CheckId == "pod.privileged" && f.Resource.Name == "created-before-kill") == true,
            "the interrupted scan run again, reporting the change it was to assess");
        clock.Stop();
        Assert.Equal(ConditionReasons.ScanCompleted, TestCluster.Condition(scan, ConditionTypes.Ready)!.Reason);
        Assert.True(scan.Status!.LastScan!.CompletionTime > left.Status.LastScan!.CompletionTime, "a new scan completed after the restart");
        await Adversary.AssertQuietAsync(cluster, op, Ns, "interrupted", scans: 1);
        Adversary.Report("8", nameof(Repro08_a_scan_left_Scanning_True_by_a_killed_process_runs_when_the_operator_is_back), "1", clock);
    }

    [Fact]
    public async Task Repro11_a_429_with_Retry_After_on_status_writes_is_honoured()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);
        cluster.Server.Faults.FailNext("update", "posturescans.kubeposture.io/status", 2, 429, retryAfterSeconds: 2);
        var clock = Stopwatch.StartNew();
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "throttled", s => s.Checks = new CheckSelectionSpec { Include = ["pod.privileged"] }));
        var scan = await cluster.WaitForReadyAsync(Ns, "throttled");
        clock.Stop();

        var attempts = cluster.Server.Requests.Entries.Where(r => r.Name == "throttled" && r.Subresource == "status" && r.Verb == "update").Select(r => r.Time).ToList();
        // 429, 429, then the Scanning=True write and the completion write: the retries waited for Retry-After.
        Assert.True(attempts.Count >= 4, string.Join(", ", attempts));
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromSeconds(1.9), $"second attempt after {attempts[1] - attempts[0]}");
        Assert.True(attempts[2] - attempts[1] >= TimeSpan.FromSeconds(1.9), $"third attempt after {attempts[2] - attempts[1]}");
        Adversary.AssertBounded(scan);
        await Adversary.AssertQuietAsync(cluster, op, Ns, "throttled", scans: 1);
        Adversary.Report("11", nameof(Repro11_a_429_with_Retry_After_on_status_writes_is_honoured), "1", clock);
    }

    [Fact]
    public async Task Repro12a_a_failing_pods_relist_shows_as_Degraded_and_on_readyz_within_a_bound_and_recovers()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await AdversarialOperator.StartOperatorAsync(cluster);
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster", s => s.Checks = new CheckSelectionSpec { Include = ["pod.privileged"] }));
        await cluster.WaitForReadyAsync(Ns, "cluster");
        Assert.Equal(200, (await op.ProbeAsync("/readyz")).Code);

        // Every pods LIST fails from now on; the watch is dropped and cannot resume (410), so the informer must relist.
        cluster.Server.Faults.FailNext("list", "pods", 1_000_000, 500);
        cluster.Server.Faults.CompactHistory();
        cluster.Server.Faults.DropAllWatches();
        var clock = Stopwatch.StartNew();
        cluster.Server.Seed("""
            apiVersion: v1
            kind: Pod
            metadata: { name: created-meanwhile, namespace: team-b }
            spec:
              containers: [ { name: main, image: registry.example.com/x:1, securityContext: { privileged: true } } ]
            """);
        var degraded = await cluster.WaitForAsync(Ns, "cluster", s => TestCluster.Condition(s, ConditionTypes.Degraded)?.Status == "True", "Degraded naming pods", TimeSpan.FromSeconds(20));
        var readyz = await Eventually.Until(() => op.ProbeAsync("/readyz"), r => r.Code == 503, "/readyz failing", TimeSpan.FromSeconds(20));
        clock.Stop();
        Assert.Contains("pods", TestCluster.Condition(degraded, ConditionTypes.Degraded)!.Message, StringComparison.Ordinal);
        Assert.Contains("unreachable", TestCluster.Condition(degraded, ConditionTypes.Degraded)!.Message, StringComparison.Ordinal);
        Assert.Contains("pods", readyz.Body, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");

        // The API server recovers: the source is whole again and the pod created meanwhile is reported.
        cluster.Server.Faults.Reset();
        var recovered = await cluster.WaitForAsync(Ns, "cluster", s => TestCluster.Condition(s, ConditionTypes.Degraded)?.Status == "False"
            && s.Status?.TopFindings?.Any(f => f.Resource.Name == "created-meanwhile") == true, "recovered with the new pod", TimeSpan.FromSeconds(20));
        Assert.Equal(200, (await Eventually.Until(() => op.ProbeAsync("/readyz"), r => r.Code == 200, "/readyz ok again")).Code);
        Adversary.AssertBounded(recovered);
        Adversary.Report("12a", nameof(Repro12a_a_failing_pods_relist_shows_as_Degraded_and_on_readyz_within_a_bound_and_recovers), "1 per inventory change (change-triggered)", clock);
    }

    [Theory]
    [InlineData("posturescans.kubeposture.io")]
    [InlineData("postureexceptions.kubeposture.io")]
    public async Task A_failing_relist_of_the_operators_own_objects_fails_readyz_within_a_bound_and_recovers(string resource)
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await AdversarialOperator.StartOperatorAsync(cluster);
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster", s => s.Checks = new CheckSelectionSpec { Include = ["pod.privileged"] }));
        await cluster.WaitForReadyAsync(Ns, "cluster");
        Assert.Equal(200, (await op.ProbeAsync("/readyz")).Code);

        // Every LIST of the resource fails from now on; its watch is dropped and cannot resume (410), so the informer
        // must relist: the operator no longer sees new or edited objects of its own kind and must not claim to be ready.
        cluster.Server.Faults.FailNext("list", resource, 1_000_000, 500);
        cluster.Server.Faults.CompactHistory();
        cluster.Server.Faults.DropAllWatches();
        var clock = Stopwatch.StartNew();
        var readyz = await Eventually.Until(() => op.ProbeAsync("/readyz"), r => r.Code == 503, $"/readyz failing on {resource}", TimeSpan.FromSeconds(20));
        clock.Stop();
        Assert.Contains(resource, readyz.Body, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");

        cluster.Server.Faults.Reset();
        Assert.Equal(200, (await Eventually.Until(() => op.ProbeAsync("/readyz"), r => r.Code == 200, "/readyz ok again", TimeSpan.FromSeconds(20))).Code);
    }
}
