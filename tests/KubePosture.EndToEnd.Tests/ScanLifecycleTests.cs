using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;

namespace KubePosture.EndToEnd.Tests;

/// <summary>Issue 3 acceptance: create leads to Ready with findings, status fields and Events.</summary>
public sealed class ScanLifecycleTests
{
    [Fact]
    public async Task Create_leads_to_Ready_with_findings_status_fields_and_events()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);

        await cluster.CreateAsync(TestCluster.NewScan(TestCluster.ControlNamespace, "cluster"));
        var scan = await cluster.WaitForReadyAsync(TestCluster.ControlNamespace, "cluster");

        var status = scan.Status!;
        Assert.Equal(1, scan.Metadata.Generation);
        Assert.Equal(1, status.ObservedGeneration);
        Assert.Contains(ApiConstants.Finalizer, scan.Metadata.Finalizers ?? []);
        Assert.Equal("True", TestCluster.Condition(scan, ConditionTypes.Ready)!.Status);
        var compliant = TestCluster.Condition(scan, ConditionTypes.Compliant)!;
        Assert.Equal(("False", ConditionReasons.FindingsAtThreshold), (compliant.Status, compliant.Reason));
        Assert.Equal("False", TestCluster.Condition(scan, ConditionTypes.Scanning)!.Status);
        Assert.All(status.Conditions!, c => Assert.Equal(1, c.ObservedGeneration));

        var top = status.TopFindings!;
        var privileged = top.Where(f => f.CheckId == "pod.privileged").Select(f => $"{f.Resource.Namespace}/{f.Resource.Name}").Order().ToList();
        Assert.True(privileged.SequenceEqual(["team-a/privileged", "team-b/sidecar-privileged"]), string.Join("\n", top.Select(f => $"{f.CheckId} {f.Severity} {f.Resource.Kind} {f.Resource.Namespace}/{f.Resource.Name}")) + $"\nstatus {k8s.KubernetesJson.Serialize(status)}\n{op.Logs}");
        var admin = Assert.Single(top, f => f.CheckId == "rbac.cluster-admin-binding");
        Assert.Equal(("ClusterRoleBinding", "alice-admin", "Critical"), (admin.Resource.Kind, admin.Resource.Name, admin.Severity));
        Assert.DoesNotContain(top, f => f.Resource.Name == "web" && f.CheckId == "pod.privileged");

        Assert.True(status.Summary!.Critical >= 1, $"critical {status.Summary.Critical}");
        Assert.InRange(status.Summary.Score, 0, 99);
        Assert.True(status.Summary.FailedChecks >= 2);
        Assert.NotNull(status.LastScan!.StartTime);
        Assert.True(status.LastScan.CompletionTime >= status.LastScan.StartTime);
        Assert.True(status.LastScan.ObjectsEvaluated > 0);
        Assert.True(status.LastScan.ChecksRun > 0);
        // Default interval 6h after completion.
        Assert.InRange((status.NextScanTime!.Value - status.LastScan.CompletionTime!.Value).TotalSeconds, (6 * 3600) - 1, (6 * 3600) + 1);

        var events = await Eventually.Until(() => cluster.EventsAsync(TestCluster.ControlNamespace, "cluster"),
            e => e.Any(x => x.Reason == ConditionReasons.ScanCompleted), "a ScanCompleted event");
        Assert.Equal([ConditionReasons.ScanStarted, ConditionReasons.ScanCompleted], events.Select(e => e.Reason));
        Assert.All(events, e => Assert.Equal("Normal", e.Type));
        Assert.Equal(scan.Metadata.Uid, events[^1].InvolvedObject.Uid);
        Assert.Contains("active findings", events[^1].Message, StringComparison.Ordinal);
    }
}
