using System.Collections.Concurrent;
using System.Diagnostics;
using KubePosture.Checks.Compliance;
using System.Diagnostics.Metrics;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Controllers;

namespace KubePosture.Operator.Metrics;

/// <summary>
/// The operator's metrics (docs/metrics.md), exported in Prometheus format by the OpenTelemetry exporter. Every series
/// carries the label <c>cluster</c> (<see cref="Export.ClusterIdentity"/>), so many clusters' series meet in one store.
/// Labels are bounded: cluster, scan namespace and name, check id, severity, category, result, never pod or image
/// names. A deleted scan's series disappear with it (<see cref="RemoveScan"/>).
/// </summary>
public sealed class OperatorMetrics : IReconcileObserver, IDisposable
{
    public const string MeterName = "KubePosture.Operator";

    /// <summary>The label naming the cluster on every series.</summary>
    public const string ClusterLabel = "cluster";

    private readonly Meter _meter;
    private readonly Histogram<double> _scanDuration;
    private readonly Counter<long> _scanRuns;
    private readonly Counter<long> _reconciles;
    private readonly Counter<long> _exportFindings;
    private readonly Counter<long> _exportFailures;
    private readonly ConcurrentDictionary<ObjectKey, IReadOnlyList<FindingSeries>> _findings = new();
    private readonly ConcurrentDictionary<ObjectKey, double> _lastSuccess = new();
    private readonly ConcurrentDictionary<ObjectKey, int> _scores = new();
    private readonly ConcurrentDictionary<(ObjectKey Scan, string Target), int> _exportFailed = new();
    private readonly ConcurrentDictionary<ObjectKey, IReadOnlyList<ComplianceSeries>> _compliance = new();
    private readonly ConcurrentDictionary<string, Func<int>> _queues = new();
    private volatile int _leader;
    private readonly KeyValuePair<string, object?> _cluster;

    public OperatorMetrics(IMeterFactory meterFactory, Export.ClusterIdentity? cluster = null)
    {
        _cluster = new KeyValuePair<string, object?>(ClusterLabel, cluster?.Name ?? "unknown");
        _meter = meterFactory.Create(MeterName);
        _scanDuration = _meter.CreateHistogram<double>(
            "kubeposture_scan_duration_seconds", "s", "Wall-clock duration of a scan.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
        _scanRuns = _meter.CreateCounter<long>("kubeposture_scan_runs", description: "Scans run, by result (success, failed).");
        // Both results exist from the start (at 0), so rate() and the ScanFailing alert see a series before the first failure.
        _scanRuns.Add(0, Tags(("result", "success")));
        _scanRuns.Add(0, Tags(("result", "failed")));
        _reconciles = _meter.CreateCounter<long>("kubeposture_reconcile", description: "Reconciles, by controller and result (success, requeue, error, terminal, cancelled).");
        _exportFindings = _meter.CreateCounter<long>("kubeposture_export_findings", description: "Findings an export sent or skipped, by target (securityhub) and result (new, updated, archived, unchanged, failed).");
        _exportFailures = _meter.CreateCounter<long>("kubeposture_export_failures", description: "Findings or whole exports a target refused, by target and error code.");
        _meter.CreateObservableGauge("kubeposture_scan_last_success_timestamp_seconds", ObserveLastSuccess, "s", "Unix time of the scan's last successful completion.");
        _meter.CreateObservableGauge("kubeposture_findings", ObserveFindings, description: "Active findings of the scan's last run, by check.");
        _meter.CreateObservableGauge("kubeposture_score", ObserveScores, description: "Posture score of the scan's last completed run, 0 (worst) to 100.");
        _meter.CreateObservableGauge("kubeposture_export_failed_findings", ObserveExportFailed, description: "Findings the scan's last export refused after retries (0 when all went through), by target.");
        _meter.CreateObservableGauge("kubeposture_compliance_controls", ObserveComplianceCounts, description: "Controls of a compliance framework in the scan's last run, by result (pass, fail, excepted, not-evaluated, manual, aws-managed).");
        _meter.CreateObservableGauge("kubeposture_compliance_control_failing", ObserveFailingControls, description: "1 when an automated compliance control failed in the scan's last run, 0 when it did not (passed, excepted or not evaluated).");
        _meter.CreateObservableGauge("kubeposture_workqueue_depth", ObserveQueues, description: "Keys waiting in the controller's work queue.");
        _meter.CreateObservableGauge("kubeposture_leader", () => new Measurement<int>(_leader, Tags()), description: "1 when this instance is the leader (or leader election is off), else 0.");
    }

    /// <summary>Findings of one check in one scan, for <c>kubeposture_findings</c>.</summary>
    public sealed record FindingSeries(string Check, string Severity, string Category, long Count);

    /// <summary>
    /// One framework of one scan, for <c>kubeposture_compliance_controls</c> (counts per result) and
    /// <c>kubeposture_compliance_control_failing</c> (one series per automated control: labels are bounded by the
    /// framework catalog, never by the cluster's objects).
    /// </summary>
    public sealed record ComplianceSeries(string Framework, IReadOnlyDictionary<string, int> CountsByResult, IReadOnlyDictionary<string, bool> AutomatedControlFailing)
    {
        public static IReadOnlyList<ComplianceSeries> From(IReadOnlyList<FrameworkResult> results) =>
        [
            .. results.Select(r => new ComplianceSeries(
                r.Framework.Id,
                ControlOutcomeNames.All.ToDictionary(o => o.Name(), r.Count, StringComparer.Ordinal),
                r.Controls.Where(c => c.Control.Assessment is ControlAssessment.Automated)
                    .ToDictionary(c => c.Control.Id, c => c.Outcome == ControlOutcome.Fail, StringComparer.Ordinal))),
        ];
    }

    /// <summary>The compliance series of a completed scan (empty when it reports no framework).</summary>
    public void ComplianceEvaluated(ObjectKey scan, IReadOnlyList<ComplianceSeries> frameworks)
    {
        if (frameworks.Count == 0)
            _compliance.TryRemove(scan, out _);
        else
            _compliance[scan] = frameworks;
    }

    public void ScanCompleted(ObjectKey scan, TimeSpan duration, DateTimeOffset completedAt, int score, IReadOnlyList<FindingSeries> findings)
    {
        _scores[scan] = score;
        _scanDuration.Record(duration.TotalSeconds, Tags(("result", "success")));
        _scanRuns.Add(1, Tags(("result", "success")));
        _lastSuccess[scan] = completedAt.ToUnixTimeMilliseconds() / 1000.0;
        _findings[scan] = findings;
    }

    public void ScanFailed(TimeSpan duration)
    {
        _scanDuration.Record(duration.TotalSeconds, Tags(("result", "failed")));
        _scanRuns.Add(1, Tags(("result", "failed")));
    }

    /// <summary>One export of a scan's findings (spec.export).</summary>
    public void ExportCompleted(ObjectKey scan, string target, KubePosture.Aws.SecurityHub.SecurityHubExportResult result)
    {
        foreach (var (name, count) in new[] { ("new", result.New), ("updated", result.Updated), ("archived", result.Archived), ("unchanged", result.Unchanged), ("failed", result.Failed.Count) })
            _exportFindings.Add(count, ScanTags(scan, ("target", target), ("result", name)));
        foreach (var failure in result.Failed.GroupBy(f => f.ErrorCode))
            _exportFailures.Add(failure.Count(), ScanTags(scan, ("target", target), ("error_code", failure.Key)));
        _exportFailed[(scan, target)] = result.Failed.Count;
    }

    /// <summary>A whole export failed (denied, not enabled, no region): counted once under its error code.</summary>
    public void ExportFailed(ObjectKey scan, string target, string errorCode)
    {
        _exportFailures.Add(1, ScanTags(scan, ("target", target), ("error_code", errorCode)));
        _exportFailed[(scan, target)] = Math.Max(1, _exportFailed.GetValueOrDefault((scan, target)));
    }

    /// <summary>Drops every series of a deleted scan.</summary>
    public void RemoveScan(ObjectKey scan)
    {
        _findings.TryRemove(scan, out _);
        _lastSuccess.TryRemove(scan, out _);
        _scores.TryRemove(scan, out _);
        foreach (var key in _exportFailed.Keys.Where(k => k.Scan == scan).ToList())
            _exportFailed.TryRemove(key, out _);
        _compliance.TryRemove(scan, out _);
    }

    public bool HasScan(ObjectKey scan) => _findings.ContainsKey(scan) || _lastSuccess.ContainsKey(scan) || _scores.ContainsKey(scan);

    public void SetLeader(bool leader) => _leader = leader ? 1 : 0;

    public void TrackQueue(string controller, Func<int> depth) => _queues[controller] = depth;

    public void Reconciled(string controller, ObjectKey key, ReconcileOutcome outcome, TimeSpan duration) =>
        _reconciles.Add(1, Tags(("controller", controller), ("result", outcome.ToString().ToLowerInvariant())));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> ObserveLastSuccess() =>
        _lastSuccess.Select(p => new Measurement<double>(p.Value, ScanTags(p.Key)));

    private IEnumerable<Measurement<int>> ObserveScores() =>
        _scores.Select(p => new Measurement<int>(p.Value, ScanTags(p.Key)));

    private IEnumerable<Measurement<long>> ObserveFindings() =>
        _findings.SelectMany(p => p.Value.Select(s => new Measurement<long>(s.Count,
            ScanTags(p.Key, ("check", s.Check), ("severity", s.Severity), ("category", s.Category)))));

    private IEnumerable<Measurement<int>> ObserveExportFailed() =>
        _exportFailed.Select(p => new Measurement<int>(p.Value, ScanTags(p.Key.Scan, ("target", p.Key.Target))));

    private IEnumerable<Measurement<int>> ObserveComplianceCounts() =>
        _compliance.SelectMany(p => p.Value.SelectMany(f => f.CountsByResult.Select(c => new Measurement<int>(c.Value,
            ScanTags(p.Key, ("framework", f.Framework), ("result", c.Key))))));

    private IEnumerable<Measurement<int>> ObserveFailingControls() =>
        _compliance.SelectMany(p => p.Value.SelectMany(f => f.AutomatedControlFailing.Select(c => new Measurement<int>(c.Value ? 1 : 0,
            ScanTags(p.Key, ("framework", f.Framework), ("control", c.Key))))));

    private IEnumerable<Measurement<int>> ObserveQueues() =>
        _queues.Select(p => new Measurement<int>(p.Value(), Tags(("controller", p.Key))));

    /// <summary>The cluster label, the scan's namespace and name, then <paramref name="tags"/>.</summary>
    private TagList ScanTags(ObjectKey key, params ReadOnlySpan<(string Key, string Value)> tags)
    {
        var list = Tags(("scan_namespace", key.Namespace ?? string.Empty), ("scan", key.Name));
        foreach (var (name, value) in tags)
            list.Add(name, value);
        return list;
    }

    /// <summary>The cluster label followed by <paramref name="tags"/>.</summary>
    private TagList Tags(params ReadOnlySpan<(string Key, string Value)> tags)
    {
        var list = new TagList { _cluster };
        foreach (var (key, value) in tags)
            list.Add(key, value);
        return list;
    }
}
