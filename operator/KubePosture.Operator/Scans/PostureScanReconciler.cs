using KubePosture.Api;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Inventory;
using KubePosture.Operator.Configuration;
using KubePosture.Operator.Exceptions;
using KubePosture.Operator.Kube;
using KubePosture.Operator.Metrics;
using KubePosture.Operator.Reports;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Controllers;
using KubePosture.Runtime.Informers;
using KubePosture.Runtime.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubePosture.Operator.Scans;

/// <summary>
/// Reconciles one PostureScan: finalizer, spec validation (InvalidSpec, terminal), suspension, the tenancy rule
/// (ScopeRestricted), then — only when <see cref="ScanBookkeeping.Decide"/> says a scan is due (new generation, a changed
/// <c>kubeposture.io/rescan</c> annotation, a cluster change, a change of the PostureExceptions it applies, or the
/// schedule/interval) — the scan pipeline, one status
/// write with conditions, Events and metrics. Its own status writes do not requeue the object (the controller filters
/// on spec, annotations and lifecycle), so no status content can make a loop; a failure is shown (Ready=False
/// ScanFailed) and retried with the queue's per-key backoff.
/// </summary>
public sealed partial class PostureScanReconciler : IReconciler, IDisposable
{
    private static readonly TimeSpan InterruptedWriteTimeout = TimeSpan.FromSeconds(5);

    private readonly ObjectCache<PostureScan> _scans;
    private readonly ObjectCache<PostureException> _exceptions;
    private readonly InventoryStore _store;
    private readonly ScanRunner _runner;
    private readonly StatusWriter _status;
    private readonly Finalizers _finalizers;
    private readonly ScanEvents _events;
    private readonly OperatorMetrics _metrics;
    private readonly ExceptionMatches _exceptionMatches;
    private readonly ReportWriter _reports;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _controlNamespace;
    private readonly ScanSlots _scanSlots;
    private readonly ScanMemory _scanMemory = new();
    private readonly ScanBookkeeping _book = new();

    /// <summary>The export step of the pipeline (spec.export); null: nothing is exported.</summary>
    private readonly Export.SecurityHubScanExport? _export;

    public PostureScanReconciler(
        ObjectCache<PostureScan> scans, ObjectCache<PostureException> exceptions, InventoryStore store, ScanRunner runner,
        StatusWriter status, Finalizers finalizers, ScanEvents events, OperatorMetrics metrics, ExceptionMatches exceptionMatches,
        ReportWriter reports, TimeProvider time, ILogger<PostureScanReconciler> logger, IOptions<OperatorOptions> options,
        Export.SecurityHubScanExport? export = null)
    {
        _reports = reports;
        _export = export;
        _scans = scans;
        _exceptions = exceptions;
        _store = store;
        _runner = runner;
        _status = status;
        _finalizers = finalizers;
        _events = events;
        _metrics = metrics;
        _exceptionMatches = exceptionMatches;
        _time = time;
        _logger = logger;
        _controlNamespace = options.Value.ControlNamespace;
        ChangeRescan = options.Value.ChangeRescan;
        _scanSlots = new ScanSlots(options.Value.MaxConcurrentScans);
    }

    /// <summary>When changes in the cluster rescan (quiet period, maximum delay, minimum interval).</summary>
    public ChangeRescanPolicy ChangeRescan { get; }

    /// <summary>The inventory version the last scan of <paramref name="key"/> by this process read; null before one.</summary>
    public long? InventoryVersionScanned(ObjectKey key) => _book.InventoryVersionScanned(key);

    /// <summary>Of <see cref="ScansRun"/>, those a cluster change triggered (they run one at a time).</summary>
    public long ChangeScansRun => _scanSlots.ChangeScansStarted;

    /// <summary>Scans run by this instance (tests assert "no duplicate work").</summary>
    public long ScansRun => Interlocked.Read(ref _scansRun);

    private long _scansRun;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var scan = _scans.Get(key);
        if (scan is null)
        {
            Forget(key);
            return ReconcileResult.Done;
        }

        if (Finalizers.IsDeleting(scan))
        {
            if (Finalizers.Has(scan, ApiConstants.Finalizer))
            {
                Forget(key);
                await _reports.DeleteAllAsync(scan, cancellationToken);
                await _finalizers.RemoveAsync(ApiResources.PostureScans, scan, ApiConstants.Finalizer);
                LogFinalized(_logger, key);
            }

            return ReconcileResult.Done;
        }

        if (!Finalizers.Has(scan, ApiConstants.Finalizer))
        {
            scan = await _finalizers.AddAsync(ApiResources.PostureScans, scan, ApiConstants.Finalizer, cancellationToken);
            if (scan is null)
            {
                return ReconcileResult.Done;
            }
        }

        var now = _time.GetUtcNow();
        var generation = scan.Metadata.Generation ?? 0;
        var (spec, issues) = ScanSpecChecks.Validate(scan.Spec, [.. _store.ListNamespaces().Select(n => n.Name)], now);
        var errors = issues.Errors();
        if (errors.Count > 0)
        {
            return await InvalidAsync(key, scan, generation, errors.ToMessage(), now, cancellationToken);
        }

        if (spec.Suspend)
        {
            await WriteAsync(scan, s =>
            {
                s.ObservedGeneration = generation;
                s.NextScanTime = null;
                ScanStatus.SetCondition(s, ConditionTypes.Ready, Conditions.False, ConditionReasons.Suspended, "spec.suspend is true: no scans are scheduled; set it to false to resume", generation, now);
                ScanStatus.SetCondition(s, ConditionTypes.Scanning, Conditions.False, ConditionReasons.Idle, "no scan running", generation, now);
            }, cancellationToken);
            _book.Invalidate(key);
            return ReconcileResult.Done;
        }

        var rescan = scan.Metadata.Annotations?.TryGetValue(ApiConstants.RescanAnnotation, out var token) == true ? token : null;
        var seen = new ScanInputs(generation, rescan, _store.Version, _exceptionMatches.EffectOn(scan.Metadata.NamespaceProperty, _exceptions.List(), now));
        // First look at this PostureScan in this process (after a restart or a leader change): a trustworthy status
        // stands for the last scan. Later, what this process saw wins over the (possibly stale) status.
        if (_book.Get(key) is null && ScanBookkeeping.FromStatus(scan, seen, now) is { } adopted)
        {
            _book.Adopt(key, adopted);
        }

        var decision = ScanBookkeeping.Decide(_book.Get(key), seen, ChangeRescan, now);
        switch (decision.When)
        {
            case ScanDecision.Kind.NotDue:
                return ReconcileResult.Done;
            case ScanDecision.Kind.At:
                return ReconcileResult.After(decision.DueAt!.Value - now);
        }

        using (await _scanSlots.AcquireAsync(decision.ChangeTriggered, cancellationToken))
        {
            var mark = _scanMemory.Mark();
            try
            {
                return await ScanAsync(key, scan, spec, seen, decision.ChangeTriggered, issues.Warnings().Select(i => i.ToString()).ToList(), cancellationToken);
            }
            finally
            {
                _scanMemory.AfterScan(mark);
            }
        }
    }

    /// <summary>
    /// The spec is invalid: Ready=False InvalidSpec naming every problem (bounded), and nothing of an earlier scan left
    /// standing as if current (summary, top findings, next scan time, metric series). Terminal: reported once per
    /// generation, not retried until the spec changes.
    /// </summary>
    private async Task<ReconcileResult> InvalidAsync(ObjectKey key, PostureScan scan, long generation, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Before the status write: whoever reads InvalidSpec must no longer see the old scan's series.
        _book.Invalidate(key);
        _metrics.RemoveScan(key);
        var written = await WriteAsync(scan, s =>
        {
            s.ObservedGeneration = generation;
            s.NextScanTime = null;
            s.Summary = null;
            s.TopFindings = null;
            s.NotEvaluated = null;
            s.Compliance = null;
            ScanStatus.SetCondition(s, ConditionTypes.Ready, Conditions.False, ConditionReasons.InvalidSpec, message, generation, now);
            ScanStatus.SetCondition(s, ConditionTypes.Scanning, Conditions.False, ConditionReasons.Idle, "no scan running", generation, now);
            if (Conditions.Find(s.Conditions, ConditionTypes.Compliant) is not null)
            {
                ScanStatus.SetCondition(s, ConditionTypes.Compliant, Conditions.Unknown, ConditionReasons.InvalidSpec, "not assessed: the spec is invalid", generation, now);
            }
        }, cancellationToken);
        if (written is null || ReferenceEquals(written, scan))
        {
            // Gone, or this generation's problems are already on the object: nothing new to report, and counting it as
            // another terminal failure would be noise.
            return ReconcileResult.Done;
        }

        await _events.RecordAsync(scan, ScanEvents.Warning, ConditionReasons.InvalidSpec, message, cancellationToken);
        throw new TerminalReconcileException($"PostureScan {key}: {BoundedText.Bound(message, BoundedText.MaxEventMessage)}");
    }

    private async Task<ReconcileResult> ScanAsync(ObjectKey key, PostureScan scan, PostureScanSpec spec, ScanInputs seen, bool changeTriggered, IReadOnlyList<string> warnings, CancellationToken cancellationToken)
    {
        var generation = seen.Generation;
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var scopeIssues = PostureScanValidator.ValidateScope(spec, scan.Metadata.NamespaceProperty, _controlNamespace).Errors();
        var scopeRestriction = scopeIssues.Count == 0 ? null : scopeIssues.ToMessage();

        // The object as last stored: every write below starts from it, so the completion write carries the
        // resourceVersion of the Scanning=True write instead of conflicting (409, re-read, write again) each scan.
        PostureScan? current;
        SourceProblem? eventsForbidden;
        try
        {
            // A failure here (e.g. a 500 on the write) is an ordinary reconcile error, retried with backoff: no scan ran.
            current = await WriteAsync(scan, s => ScanStatus.SetCondition(s, ConditionTypes.Scanning, Conditions.True, ConditionReasons.ScanInProgress, $"scan started at {startedAt:O}", generation, startedAt), cancellationToken);
            if (current is null)
            {
                return ReconcileResult.Done; // Deleted meanwhile.
            }

            eventsForbidden = await _events.RecordAsync(current, ScanEvents.Normal, ConditionReasons.ScanStarted, $"scan of generation {generation} started", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await InterruptedAsync(scan, generation);
            throw;
        }

        LogScanStarted(_logger, key, generation);
        Interlocked.Increment(ref _scansRun);
        try
        {
            return await CompleteAsync(key, scan, current, spec, seen, changeTriggered, warnings, scopeRestriction, eventsForbidden, startedAt, started, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The completion write may or may not have reached the API server: make sure Scanning is not left True.
            await InterruptedAsync(current, generation);
            throw;
        }
        catch (Exception e)
        {
            await FailedAsync(key, current, generation, e, started, cancellationToken);
            throw;
        }
    }

    private async Task<ReconcileResult> CompleteAsync(
        ObjectKey key, PostureScan scan, PostureScan current, PostureScanSpec spec, ScanInputs seen, bool changeTriggered, IReadOnlyList<string> warnings,
        string? scopeRestriction, SourceProblem? eventsForbidden, DateTimeOffset startedAt, long started, CancellationToken cancellationToken)
    {
        var generation = seen.Generation;
        var exceptions = _exceptions.List();
        var result = await _runner.RunAsync(spec, scan.Metadata.NamespaceProperty, exceptions, startedAt, cancellationToken);
        var duration = _time.GetElapsedTime(started);
        var completedAt = startedAt + duration;

        // Reports are written before the one status write so that a failure to write them (missing RBAC) shows on the
        // scan as Degraded, naming what was not written; so does the PostureException controller's failure to write
        // the status of an exception this scan applies. The match counts go to that controller.
        var reports = await _reports.WriteAsync(scan, result, startedAt, cancellationToken);
        result = reports.Apply(result);
        var export = _export is null ? Export.ScanExportResult.None : await _export.ExportAsync(scan, result, cancellationToken);
        result = export.Apply(result);
        _exceptionMatches.Record(key, exceptions, result.Exceptions.MatchCounts, completedAt);
        result = result.WithProblem("events", eventsForbidden).WithProblem("postureexceptions/status", _exceptionMatches.WriteProblemFor(scan.Metadata.NamespaceProperty));

        var next = ScanSchedule.Next(spec, completedAt);
        var timing = new ScanTiming(startedAt, completedAt, duration);
        var written = await _status.UpdateAsync(ApiResources.PostureScans, current,
            s => ScanStatus.Mutate(s, status =>
            {
                ScanStatus.Completed(status, spec, s.Metadata.NamespaceProperty, generation, ScanBookkeeping.RescanToken(seen.Rescan), result, timing, scopeRestriction, warnings, next);
                status.ReportRefs = reports.Refs.Count == 0 ? null : [.. reports.StatusRefs()];
                status.ReportCount = reports.Refs.Count == 0 ? null : reports.Refs.Count;
                status.Export = export.Status is null ? null : new ExportStatus { SecurityHub = export.Status };
            }), cancellationToken);
        if (written is null)
        {
            return ReconcileResult.Done; // Deleted meanwhile.
        }

        _book.Completed(key, new CompletedScan(generation, seen.Rescan, next ?? DateTimeOffset.MaxValue, result.InventoryVersion, completedAt, duration, seen.Exceptions), changeTriggered);
        _metrics.ScanCompleted(key, duration, completedAt, result.Summary.Score, FindingSeries(result));
        _metrics.ComplianceEvaluated(key, OperatorMetrics.ComplianceSeries.From(result.Compliance));
        LogScanCompleted(_logger, key, generation, result.Summary.TotalFindings, result.Summary.Score, duration.TotalMilliseconds);
        var missing = result.UnavailableSources.Where(p => p.Value.Degrades).Select(p => $"{p.Key} ({p.Value})").ToList();
        if (missing.Count > 0)
        {
            LogScanPartial(_logger, key, result.Engine.ChecksNotEvaluated.Count, BoundedText.Join("; ", missing, BoundedText.MaxEventMessage * 4));
        }

        var summary = result.Summary;
        await _events.RecordAsync(written, scopeRestriction is null ? ScanEvents.Normal : ScanEvents.Warning,
            scopeRestriction is null ? ConditionReasons.ScanCompleted : ConditionReasons.ScopeRestricted,
            $"{summary.TotalFindings} active findings ({summary.Critical} critical, {summary.High} high, {summary.Medium} medium), {summary.Suppressed} suppressed, score {summary.Score}, {duration.TotalSeconds:0.###}s"
            + (scopeRestriction is null ? string.Empty : $"; {scopeRestriction}"), cancellationToken);
        return next is { } n ? ReconcileResult.After(n - completedAt) : ReconcileResult.Done;
    }

    /// <summary>
    /// A scan failed after it started (the pipeline, a report, the completion write): it counts as failed
    /// (<c>scan_runs_total{result="failed"}</c>), Ready=False ScanFailed says why, Scanning goes back to False, and an
    /// Event reports it unless the same failure was reported recently. The caller rethrows: the queue retries with the
    /// key's own exponential backoff.
    /// </summary>
    private async Task FailedAsync(ObjectKey key, PostureScan current, long generation, Exception error, long started, CancellationToken cancellationToken)
    {
        _metrics.ScanFailed(_time.GetElapsedTime(started));
        var failedAt = _time.GetUtcNow();
        var message = BoundedText.Bound($"scan failed: {error.GetType().Name}: {error.Message}; retrying with backoff");
        var report = _book.Failed(key, message, failedAt);
        try
        {
            await WriteAsync(current, s =>
            {
                ScanStatus.SetCondition(s, ConditionTypes.Ready, Conditions.False, ConditionReasons.ScanFailed, message, generation, failedAt);
                ScanStatus.SetCondition(s, ConditionTypes.Scanning, Conditions.False, ConditionReasons.Idle, "no scan running", generation, failedAt);
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailureWriteFailed(_logger, e, key);
        }

        if (report)
        {
            await _events.RecordAsync(current, ScanEvents.Warning, ConditionReasons.ScanFailed, message, cancellationToken);
        }
    }

    /// <summary>
    /// Shutdown interrupted a scan: leave a consistent status (Scanning=False, the previous scan's results and Ready
    /// untouched), bounded in time and not tied to the cancelled token. On a conflict the writer re-reads, so a
    /// completion write that did land is kept.
    /// </summary>
    private async Task InterruptedAsync(PostureScan scan, long generation)
    {
        using var bound = new CancellationTokenSource(InterruptedWriteTimeout);
        try
        {
            await WriteAsync(scan, s => ScanStatus.SetCondition(s, ConditionTypes.Scanning, Conditions.False, ConditionReasons.Idle,
                "scan interrupted by operator shutdown; it runs again when the operator is back", generation, _time.GetUtcNow()), bound.Token);
        }
        catch (Exception e)
        {
            LogInterruptedWriteFailed(_logger, e, ObjectKey.Of(scan));
        }
    }

    private static List<OperatorMetrics.FindingSeries> FindingSeries(ScanResult result)
    {
        var categories = result.Engine.Descriptors.ToDictionary(d => d.Id, d => d.Category);
        return [.. result.Exceptions.Active
            .GroupBy(f => (f.CheckId, f.Severity))
            .Select(g => new OperatorMetrics.FindingSeries(g.Key.CheckId, g.Key.Severity.ToString(), categories.GetValueOrDefault(g.Key.CheckId, "unknown"), g.Count()))];
    }

    /// <summary>Applies <paramref name="apply"/> to the status and writes it when it changed; returns the stored object (null: gone).</summary>
    private Task<PostureScan?> WriteAsync(PostureScan scan, Action<PostureScanStatus> apply, CancellationToken cancellationToken) =>
        _status.UpdateAsync(ApiResources.PostureScans, scan, s => ScanStatus.Mutate(s, apply), cancellationToken);

    private void Forget(ObjectKey key)
    {
        _book.Forget(key);
        _exceptionMatches.Forget(key);
        _metrics.RemoveScan(key);
    }

    public void Dispose() => _scanSlots.Dispose();

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "PostureScan {Key}: scan of generation {Generation} started")]
    private static partial void LogScanStarted(ILogger logger, ObjectKey key, long generation);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "PostureScan {Key}: scan of generation {Generation} completed with {Findings} active findings, score {Score}, in {DurationMs} ms")]
    private static partial void LogScanCompleted(ILogger logger, ObjectKey key, long generation, int findings, int score, double durationMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "PostureScan {Key}: partial results, {NotEvaluated} checks not evaluated: {Missing}")]
    private static partial void LogScanPartial(ILogger logger, ObjectKey key, int notEvaluated, string missing);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "PostureScan {Key}: could not mark the interrupted scan as not scanning")]
    private static partial void LogInterruptedWriteFailed(ILogger logger, Exception exception, ObjectKey key);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "PostureScan {Key}: could not write the ScanFailed status")]
    private static partial void LogFailureWriteFailed(ILogger logger, Exception exception, ObjectKey key);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "PostureScan {Key}: deleted; metric series removed and finalizer released")]
    private static partial void LogFinalized(ILogger logger, ObjectKey key);
}
