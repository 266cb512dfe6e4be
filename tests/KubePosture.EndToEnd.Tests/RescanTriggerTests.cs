using k8s;
using k8s.Models;
using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;
using KubePosture.Operator.Kube;
using Microsoft.Extensions.DependencyInjection;

namespace KubePosture.EndToEnd.Tests;

/// <summary>
/// Issue 3 acceptance: a spec change bumps generation and rescans; status-only changes (the operator's own writes and
/// anyone else's) cause no loop; a new <c>kubeposture.io/rescan</c> value rescans exactly once, also across a restart.
/// Counted from the emulator's request log (status writes by the operator's user) and the reconciler's scan counter.
/// </summary>
public sealed class RescanTriggerTests
{
    private const string Ns = TestCluster.ControlNamespace;
    private const string Name = "cluster";

    [Fact]
    public async Task An_edited_deployment_is_reflected_in_status_by_a_change_triggered_rescan_and_the_operators_own_writes_trigger_none()
    {
        await using var cluster = await TestCluster.StartAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: web, namespace: team-b }
            spec:
              selector: { matchLabels: { app: web } }
              template:
                metadata: { labels: { app: web } }
                spec:
                  securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
                  containers:
                    - name: web
                      image: registry.example.com/web/site:2.3
                      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
            """);
        await using var op = await OperatorInstance.StartAsync(cluster, o => o with
        {
            ChangeRescan = KubePosture.Operator.Scans.ChangeRescanPolicy.Default with { MinInterval = TimeSpan.FromSeconds(1) },
        });
        var ct = TestContext.Current.CancellationToken;
        await cluster.CreateAsync(TestCluster.NewScan(Ns, Name));
        var first = await cluster.WaitForReadyAsync(Ns, Name);
        await op.WaitIdleAsync(cluster);
        Assert.Equal(1, op.Reconciler.ScansRun);
        Assert.Equal(0, op.Reconciler.ChangeScansRun);
        Assert.DoesNotContain(first.Status!.TopFindings!, f => f.CheckId == "pod.host-pid" && f.Resource.Name == "web");

        // Someone adds hostPID to the Deployment: without touching the PostureScan, its status shows the new finding.
        await cluster.Admin.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""[{"op":"add","path":"/spec/template/spec/hostPID","value":true}]""", V1Patch.PatchType.JsonPatch), "web", "team-b", cancellationToken: ct);
        var updated = await cluster.WaitForAsync(Ns, Name,
            s => s.Status?.TopFindings?.Any(f => f.CheckId == "pod.host-pid" && f.Resource.Name == "web") == true,
            "the edited Deployment's finding in status");
        await op.WaitIdleAsync(cluster);
        Assert.Equal(1, updated.Metadata.Generation); // the PostureScan itself did not change
        Assert.True(updated.Status!.LastScan!.StartTime > first.Status.LastScan!.CompletionTime);
        Assert.Equal(2, op.Reconciler.ScansRun);
        Assert.Equal(1, op.Reconciler.ChangeScansRun); // the rescan took the change slot: change waves run one at a time
        Assert.Equal(4, cluster.StatusWrites(Ns, Name, TestCluster.OperatorUser));

        // The scan's own writes (status, Events) are not inventory: the inventory is still the one the last scan read
        // and no change is pending, so no further scan can become due.
        var key = new KubePosture.Runtime.Client.ObjectKey(Ns, Name);
        Assert.Equal(op.Reconciler.InventoryVersionScanned(key), op.Services.GetRequiredService<KubePosture.Inventory.InventoryStore>().Version);
        Assert.False(op.Manager.ChangeTrigger!.Pending);
        Assert.Equal(0, Conflicts(cluster));
    }

    [Fact]
    public async Task Spec_change_rescans_status_only_changes_do_not_and_the_rescan_annotation_rescans_once()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);
        var ct = TestContext.Current.CancellationToken;

        await cluster.CreateAsync(TestCluster.NewScan(Ns, Name));
        var first = await cluster.WaitForReadyAsync(Ns, Name);
        await op.WaitIdleAsync(cluster);
        // One scan: Scanning=True at its start, the result at its end; nothing else, and no 409 on the way.
        Assert.Equal(1, op.Reconciler.ScansRun);
        Assert.Equal(2, cluster.StatusWrites(Ns, Name, TestCluster.OperatorUser));
        Assert.Equal(0, Conflicts(cluster));

        // Status-only change by someone else: not even reconciled (the controller's filter: spec, annotations,
        // lifecycle), so no status content can make a loop.
        var reconcilesBefore = (await op.MetricsAsync()).Sum("kubeposture_reconcile_total", ("controller", "posturescan"));
        var stored = (await cluster.GetAsync(Ns, Name))!;
        stored.Status!.Conditions!.Add(new V1Condition { Type = "AuditedBy", Status = "True", Reason = "External", Message = "a status-only change", LastTransitionTime = DateTime.UtcNow });
        await cluster.Api.ReplaceStatusAsync(ApiResources.PostureScans, stored, ct);
        await op.WaitIdleAsync(cluster);
        var reconcilesAfter = (await op.MetricsAsync()).Sum("kubeposture_reconcile_total", ("controller", "posturescan"));
        Assert.Equal(reconcilesBefore, reconcilesAfter);
        Assert.Equal(1, op.Reconciler.ScansRun);
        Assert.Equal(2, cluster.StatusWrites(Ns, Name, TestCluster.OperatorUser));
        Assert.Equal(1, (await cluster.GetAsync(Ns, Name))!.Metadata.Generation);

        // Spec change: generation 2, one more scan, conditions carry the new generation and the new failOn.
        await cluster.PatchAsync(Ns, Name, """{"spec":{"failOn":"Critical"}}""");
        var second = await cluster.WaitForReadyAsync(Ns, Name);
        await op.WaitIdleAsync(cluster);
        Assert.Equal(2, second.Metadata.Generation);
        Assert.Equal(2, second.Status!.ObservedGeneration);
        Assert.Contains("at or above Critical", TestCluster.Condition(second, ConditionTypes.Compliant)!.Message, StringComparison.Ordinal);
        Assert.True(second.Status.LastScan!.StartTime > first.Status!.LastScan!.CompletionTime);
        Assert.Equal(2, op.Reconciler.ScansRun);
        Assert.Equal(0, op.Reconciler.ChangeScansRun); // a spec change is a requested scan, not a cluster change
        Assert.Equal(4, cluster.StatusWrites(Ns, Name, TestCluster.OperatorUser));
        Assert.Contains(second.Status.Conditions!, c => c.Type == "AuditedBy"); // others' conditions are kept

        // A metadata-only change other than the rescan annotation: no scan.
        await cluster.PatchAsync(Ns, Name, """{"metadata":{"labels":{"team":"platform"}}}""");
        await op.WaitIdleAsync(cluster);
        Assert.Equal(2, op.Reconciler.ScansRun);

        // New rescan annotation value: one scan, generation unchanged, the value recorded in status.
        await cluster.PatchAsync(Ns, Name, Annotations("2026-11-28T10:00:00Z"));
        var third = await cluster.WaitForAsync(Ns, Name, s => s.Status?.LastHandledRescan == "2026-11-28T10:00:00Z" && TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False", "the rescan answered");
        await op.WaitIdleAsync(cluster);
        Assert.Equal(2, third.Metadata.Generation);
        Assert.True(third.Status!.LastScan!.StartTime > second.Status.LastScan.CompletionTime);
        Assert.Equal(3, op.Reconciler.ScansRun);
        Assert.Equal(6, cluster.StatusWrites(Ns, Name, TestCluster.OperatorUser));

        // The same value again is no change: no scan.
        await cluster.PatchAsync(Ns, Name, Annotations("2026-11-28T10:00:00Z", ("note", "x")));
        await op.WaitIdleAsync(cluster);
        Assert.Equal(3, op.Reconciler.ScansRun);
        Assert.Equal(0, Conflicts(cluster));

        var events = await cluster.EventsAsync(Ns, Name);
        Assert.Equal(3, events.Count(e => e.Reason == ConditionReasons.ScanStarted));
        Assert.Equal(3, events.Count(e => e.Reason == ConditionReasons.ScanCompleted));
    }

    [Fact]
    public async Task A_restarted_operator_does_not_rescan_what_was_answered_but_does_scan_a_new_rescan_value()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using (var op = await OperatorInstance.StartAsync(cluster))
        {
            await cluster.CreateAsync(TestCluster.NewScan(Ns, Name));
            await cluster.WaitForReadyAsync(Ns, Name);
            await cluster.PatchAsync(Ns, Name, Annotations("1"));
            await cluster.WaitForAsync(Ns, Name, s => s.Status?.LastHandledRescan == "1" && TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False", "rescan 1 answered");
            await op.WaitIdleAsync(cluster);
            Assert.Equal(2, op.Reconciler.ScansRun);
        }

        var writes = cluster.StatusWrites(Ns, Name);
        await using (var restarted = await OperatorInstance.StartAsync(cluster))
        {
            await restarted.WaitIdleAsync(cluster);
            Assert.Equal(0, restarted.Reconciler.ScansRun);
            Assert.Equal(writes, cluster.StatusWrites(Ns, Name));

            await cluster.PatchAsync(Ns, Name, Annotations("2"));
            await cluster.WaitForAsync(Ns, Name, s => s.Status?.LastHandledRescan == "2" && TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False", "rescan 2 answered");
            await restarted.WaitIdleAsync(cluster);
            Assert.Equal(1, restarted.Reconciler.ScansRun);
        }
    }

    /// <summary>A merge patch setting the rescan annotation (and any other annotations given).</summary>
    private static string Annotations(string rescan, params (string Key, string Value)[] others)
    {
        var annotations = new Dictionary<string, string> { [ApiConstants.RescanAnnotation] = rescan };
        foreach (var (key, value) in others)
            annotations[key] = value;
        return System.Text.Json.JsonSerializer.Serialize(new { metadata = new { annotations } });
    }

    private static int Conflicts(TestCluster cluster) =>
        cluster.Server.Requests.Count(r => r.User == TestCluster.OperatorUser && r.Code == 409);
}
