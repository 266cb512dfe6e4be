using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;

namespace KubePosture.EndToEnd.Tests;

/// <summary>
/// Issue 3 acceptance: the metrics endpoint is scraped and parsed (each required metric with its labels and type);
/// delete waits for the finalizer and removes the scan's series while other scans keep theirs.
/// </summary>
public sealed class MetricsAndDeletionTests
{
    private const string Ns = TestCluster.ControlNamespace;

    [Fact]
    public async Task Metrics_endpoint_serves_every_required_metric_with_its_labels()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster"));
        var scan = await cluster.WaitForReadyAsync(Ns, "cluster");
        await op.WaitIdleAsync(cluster);

        var text = await op.ScrapeAsync();
        var m = PrometheusText.Parse(text);
        string Why() => text;

        Assert.True(m.Types.GetValueOrDefault("kubeposture_scan_duration_seconds") == "histogram", Why());
        Assert.Equal(1, m.Sum("kubeposture_scan_duration_seconds_count", ("result", "success")));
        Assert.True(m.Sum("kubeposture_scan_duration_seconds_sum", ("result", "success")) >= 0, Why());
        var buckets = m.Where("kubeposture_scan_duration_seconds_bucket", ("result", "success")).ToList();
        Assert.True(buckets.Count >= 10, Why());
        Assert.Equal(1, buckets.Single(b => b.Labels["le"] == "+Inf").Value);

        Assert.True(m.Types.GetValueOrDefault("kubeposture_scan_runs_total") == "counter", Why());
        Assert.Equal(1, m.Sum("kubeposture_scan_runs_total", ("result", "success")));

        var lastSuccess = Assert.Single(m.Where("kubeposture_scan_last_success_timestamp_seconds", ("scan_namespace", Ns), ("scan", "cluster")));
        var completed = new DateTimeOffset(DateTime.SpecifyKind(scan.Status!.LastScan!.CompletionTime!.Value, DateTimeKind.Utc));
        Assert.Equal(completed.ToUnixTimeMilliseconds() / 1000.0, lastSuccess.Value, 0.01);

        Assert.True(m.Types.GetValueOrDefault("kubeposture_findings") == "gauge", Why());
        var privileged = Assert.Single(m.Where("kubeposture_findings", ("scan_namespace", Ns), ("scan", "cluster"), ("check", "pod.privileged")));
        Assert.Equal(("Critical", "pod-security", 2.0), (privileged.Labels["severity"], privileged.Labels["category"], privileged.Value));
        var admin = Assert.Single(m.Where("kubeposture_findings", ("check", "rbac.cluster-admin-binding")));
        Assert.Equal(("Critical", "rbac", 1.0), (admin.Labels["severity"], admin.Labels["category"], admin.Value));
        // The series add up to the status summary, and no label carries pod or image names.
        var summary = scan.Status.Summary!;
        Assert.Equal(summary.Critical + summary.High + summary.Medium + summary.Low + summary.Info, (int)m.Sum("kubeposture_findings", ("scan", "cluster")));
        Assert.All(m.Named("kubeposture_findings"), s => Assert.Subset(new HashSet<string> { "cluster", "scan_namespace", "scan", "check", "severity", "category", "otel_scope_name", "otel_scope_version" }, s.Labels.Keys.ToHashSet()));

        Assert.True(m.Types.GetValueOrDefault("kubeposture_reconcile_total") == "counter", Why());
        Assert.True(m.Sum("kubeposture_reconcile_total", ("controller", "posturescan"), ("result", "requeue")) >= 1, Why());
        Assert.Equal(0, m.Sum("kubeposture_reconcile_total", ("result", "error")));
        Assert.Equal(0, Assert.Single(m.Where("kubeposture_workqueue_depth", ("controller", "posturescan"))).Value);
        Assert.Equal(1, Assert.Single(m.Named("kubeposture_leader")).Value);

        var (healthCode, _) = await op.ProbeAsync("/healthz");
        var (readyCode, readyBody) = await op.ProbeAsync("/readyz");
        Assert.Equal(200, healthCode);
        Assert.True(readyCode == 200, readyBody);
    }

    [Fact]
    public async Task Delete_waits_for_the_finalizer_and_removes_only_that_scans_series()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "doomed"));
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "kept"));
        await cluster.WaitForReadyAsync(Ns, "doomed");
        await cluster.WaitForReadyAsync(Ns, "kept");
        await op.WaitIdleAsync(cluster);

        var before = await op.MetricsAsync();
        Assert.NotEmpty(before.Where("kubeposture_findings", ("scan", "doomed")));
        Assert.Single(before.Where("kubeposture_scan_last_success_timestamp_seconds", ("scan", "doomed")));

        // The first finalizer removal fails: the object must stay, marked for deletion, until the operator retries.
        cluster.Server.Faults.FailNext("update", "posturescans.kubeposture.io", 1, 500);
        Assert.True(await cluster.DeleteAsync(Ns, "doomed"));
        var deleting = await cluster.GetAsync(Ns, "doomed");
        Assert.NotNull(deleting);
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Contains(ApiConstants.Finalizer, deleting.Metadata.Finalizers ?? []);

        await Eventually.Until(() => cluster.GetAsync(Ns, "doomed"), s => s is null, "the deleted scan to be gone once its finalizer is removed");
        await op.WaitIdleAsync(cluster);
        var failedRemovals = cluster.Server.Requests.Count(r => r.User == TestCluster.OperatorUser && r.Verb == "update" && r.Subresource == "" && r.Name == "doomed" && r.Code == 500);
        Assert.Equal(1, failedRemovals);

        var after = await op.MetricsAsync();
        Assert.Empty(after.Where("kubeposture_findings", ("scan", "doomed")));
        Assert.Empty(after.Where("kubeposture_scan_last_success_timestamp_seconds", ("scan", "doomed")));
        Assert.NotEmpty(after.Where("kubeposture_findings", ("scan", "kept")));
        Assert.Single(after.Where("kubeposture_scan_last_success_timestamp_seconds", ("scan", "kept")));
        Assert.NotNull(await cluster.GetAsync(Ns, "kept"));
    }
}
