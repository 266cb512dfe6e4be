using System.Diagnostics;
using k8s.Models;
using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;
using KubePosture.Runtime.Leadership;

namespace KubePosture.EndToEnd.Tests;

/// <summary>
/// Issue 3 acceptance with the operator as a real process: SIGTERM during a scan exits 0 without a half-written status;
/// two instances elect one leader, only it reconciles, and killing it hands over within the lease duration.
/// </summary>
public sealed class ProcessLifecycleTests
{
    private const string Ns = TestCluster.ControlNamespace;

    [Fact]
    public async Task Sigterm_during_a_scan_exits_0_and_leaves_no_half_written_status()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = OperatorProcess.Start(cluster, "sigterm", "op-sigterm");
        await WaitWatchingScansAsync(cluster, op, "op-sigterm");

        // Every request now takes 1.5 s, so the scan (status write, Event, completion write) is slow enough to interrupt.
        cluster.Server.Faults.Latency = TimeSpan.FromMilliseconds(1500);
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster"));
        await cluster.WaitForAsync(Ns, "cluster", s => TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "True", "Scanning=True (a scan in flight)");
        Assert.False(op.HasExited, op.Output);

        var stopwatch = Stopwatch.StartNew();
        await op.TerminateAsync();
        var code = await op.WaitForExitAsync(TimeSpan.FromSeconds(40));
        stopwatch.Stop();
        Assert.True(code == 0, $"exit code {code}; output:\n{op.Output}");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(25), $"shutdown took {stopwatch.Elapsed}");

        cluster.Server.Faults.Reset();
        var scan = (await cluster.GetAsync(Ns, "cluster"))!;
        var scanning = TestCluster.Condition(scan, ConditionTypes.Scanning)!;
        Assert.True(scanning.Status == "False", $"Scanning left {scanning.Status}: {scanning.Message}");
        var ready = TestCluster.Condition(scan, ConditionTypes.Ready);
        if (ready?.Status == "True")
        {
            // The completion write landed before the cancellation: then the whole result is there.
            Assert.Equal(scan.Metadata.Generation, scan.Status!.ObservedGeneration);
            Assert.NotNull(scan.Status.LastScan?.CompletionTime);
            Assert.NotNull(scan.Status.Summary);
        }
        else
        {
            Assert.Contains("interrupted by operator shutdown", scanning.Message, StringComparison.Ordinal);
            Assert.Null(scan.Status!.LastScan);
        }

        Assert.Contains("cancelled by shutdown", op.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_one_leader_reconciles_and_killing_it_hands_over_within_the_lease_duration()
    {
        var lease = TimeSpan.FromSeconds(3);
        var retry = TimeSpan.FromSeconds(1);
        string[] election = ["--leader-elect", "true", "--leader-elect-lease-duration", "3s", "--leader-elect-renew-deadline", "2s", "--leader-elect-retry-period", "1s"];
        await using var cluster = await TestCluster.StartAsync();
        await using var a = OperatorProcess.Start(cluster, "op-a", "op-a", election);
        await WaitForHolderAsync(cluster, "op-a", a);
        await using var b = OperatorProcess.Start(cluster, "op-b", "op-b", election);
        try
        {
            await Eventually.Until(() => cluster.Server.Requests.Count(r => r.User == "op-b" && r.Resource == "leases.coordination.k8s.io") >= 2, "op-b to try the lease", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + Describe(cluster, a, b), e);
        }


        await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster"));
        await cluster.WaitForReadyAsync(Ns, "cluster");
        Assert.True(cluster.StatusWrites(Ns, "cluster", "op-a") >= 2);
        Assert.Equal(0, cluster.StatusWrites(Ns, "cluster", "op-b"));
        // The standby only contends for the Lease: no informers, no writes.
        var standbyRequests = cluster.Server.Requests.Entries.Where(r => r.User == "op-b" && r.IsResourceRequest && r.Resource != "leases.coordination.k8s.io").ToList();
        Assert.True(standbyRequests.Count == 0, string.Join("\n", standbyRequests));

        var killedAt = Stopwatch.StartNew();
        a.Kill();
        await WaitForHolderAsync(cluster, "op-b", b, lease + TimeSpan.FromSeconds(10));
        var handover = killedAt.Elapsed;
        // client-go semantics: the standby takes over once it has seen no renewal for a lease duration; the last renewal
        // it saw is at most one retry period older than the kill.
        Assert.True(handover <= lease + retry + TimeSpan.FromSeconds(1), $"handover took {handover.TotalSeconds:0.00}s (lease {lease.TotalSeconds}s)");
        TestContext.Current.SendDiagnosticMessage($"leader handover after SIGKILL: {handover.TotalSeconds:0.00}s (lease duration {lease.TotalSeconds}s, retry {retry.TotalSeconds}s)");

        // The new leader trusts the completed status (no rescan) and reconciles what changes.
        await Eventually.Until(() => cluster.Server.Requests.Count(r => r.User == "op-b" && r.Verb == "watch" && r.Resource == "posturescans.kubeposture.io") > 0, "op-b to watch PostureScans");
        await cluster.PatchAsync(Ns, "cluster", """{"spec":{"failOn":"Critical"}}""");
        var scan = await cluster.WaitForReadyAsync(Ns, "cluster");
        Assert.Equal(2, scan.Status!.ObservedGeneration);
        Assert.Equal(2, cluster.StatusWrites(Ns, "cluster", "op-b"));

        await b.TerminateAsync();
        Assert.Equal(0, await b.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var released = await cluster.Api.GetAsync<V1Lease>(LeaderElector.LeaseType, Ns, "kubeposture-leader", TestContext.Current.CancellationToken);
        Assert.True(string.IsNullOrEmpty(released?.Spec.HolderIdentity), "the leader releases the lease on SIGTERM");
    }

    private static string Describe(TestCluster cluster, params OperatorProcess[] ops) =>
        string.Join("\n", cluster.Server.Requests.Entries.Where(r => r.User.StartsWith("op-", StringComparison.Ordinal)).TakeLast(30)) + "\n"
        + string.Join("\n", ops.Select(o => $"--- {o.Name} (exited {o.HasExited}):\n{o.Output[Math.Max(0, o.Output.Length - 3000)..]}"));

    private static Task WaitWatchingScansAsync(TestCluster cluster, OperatorProcess op, string user) =>
        Eventually.Until(
            () => op.HasExited ? throw new InvalidOperationException($"operator exited {op.ExitCode}:\n{op.Output}") : cluster.Server.Requests.Count(r => r.User == user && r.Verb == "watch" && r.Resource == "posturescans.kubeposture.io") > 0,
            $"operator {op.Name} to watch PostureScans", TimeSpan.FromSeconds(60));

    private static async Task WaitForHolderAsync(TestCluster cluster, string podName, OperatorProcess op, TimeSpan? timeout = null) =>
        await Eventually.Until(
            async () =>
            {
                if (op.HasExited)
                    throw new InvalidOperationException($"operator {op.Name} exited {op.ExitCode}:\n{op.Output}");
                var lease = await cluster.Api.GetAsync<V1Lease>(LeaderElector.LeaseType, Ns, "kubeposture-leader", TestContext.Current.CancellationToken);
                return lease?.Spec?.HolderIdentity ?? "";
            },
            holder => holder.StartsWith(podName + "_", StringComparison.Ordinal), $"{podName} to hold the leader lease", timeout ?? TimeSpan.FromSeconds(60));
}
