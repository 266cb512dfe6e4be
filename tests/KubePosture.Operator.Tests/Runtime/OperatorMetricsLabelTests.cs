using System.Diagnostics.Metrics;
using KubePosture.Aws.SecurityHub;
using KubePosture.Operator.Export;
using KubePosture.Operator.Metrics;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Controllers;
using Microsoft.Extensions.DependencyInjection;

namespace KubePosture.Operator.Tests.Runtime;

/// <summary>docs/metrics.md: every kubeposture_* series of the operator's meter carries the label <c>cluster</c>.</summary>
public sealed class OperatorMetricsLabelTests
{
    [Fact]
    public void Every_instrument_of_the_operator_meter_carries_the_cluster_label()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new OperatorMetrics(services.GetRequiredService<IMeterFactory>(), new ClusterIdentity("prod-eu-1", ClusterIdentity.Configured));
        var measured = new List<(string Instrument, Dictionary<string, string?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OperatorMetrics.MeterName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((i, _, tags, _) => measured.Add((i.Name, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => measured.Add((i.Name, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => measured.Add((i.Name, ToDictionary(tags))));
        listener.Start();

        var scan = new ObjectKey("kubeposture", "cluster");
        metrics.ScanCompleted(scan, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch, 80, [new OperatorMetrics.FindingSeries("pod.privileged", "Critical", "pod", 2)]);
        metrics.ScanFailed(TimeSpan.FromSeconds(1));
        metrics.ComplianceEvaluated(scan, [new OperatorMetrics.ComplianceSeries("cis-eks",
            new Dictionary<string, int> { ["pass"] = 3, ["fail"] = 1 }, new Dictionary<string, bool> { ["4.2.1"] = true, ["4.2.2"] = false })]);
        metrics.ExportCompleted(scan, "securityhub", new SecurityHubExportResult(1, 2, 0, 0, 0, [new SecurityHubFailedFinding("id", "InvalidInput", "bad")], true, 2));
        metrics.ExportFailed(scan, "securityhub", "AccessDenied");
        metrics.TrackQueue("posturescan", () => 0);
        metrics.Reconciled("posturescan", scan, ReconcileOutcome.Success, TimeSpan.Zero);
        listener.RecordObservableInstruments();

        var instruments = measured.Select(m => m.Instrument).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "kubeposture_scan_duration_seconds", "kubeposture_scan_runs", "kubeposture_reconcile", "kubeposture_export_findings",
            "kubeposture_export_failures", "kubeposture_scan_last_success_timestamp_seconds", "kubeposture_findings", "kubeposture_score",
            "kubeposture_export_failed_findings", "kubeposture_compliance_controls", "kubeposture_compliance_control_failing",
            "kubeposture_workqueue_depth", "kubeposture_leader",
        }, instruments);
        Assert.All(measured, m => Assert.True(m.Tags.GetValueOrDefault(OperatorMetrics.ClusterLabel) == "prod-eu-1", $"{m.Instrument} {string.Join(",", m.Tags)}"));
    }

    private static Dictionary<string, string?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, string?>();
        foreach (var (k, v) in tags)
            d[k] = v?.ToString();
        return d;
    }
}
