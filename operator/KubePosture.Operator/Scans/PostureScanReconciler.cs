using System.Collections.Concurrent;
using KubePosture.Api;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Model;
using KubePosture.Inventory;
using KubePosture.Operator.Kube;
using KubePosture.Operator.Metrics;
using KubePosture.Operator.Reports;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Controllers;
using KubePosture.Runtime.Informers;
using KubePosture.Runtime.Status;
using Microsoft.Extensions.Logging;

namespace KubePosture.Operator.Scans;

/// <summary>
/// Reconciles one PostureScan: finalizer, spec validation (InvalidSpec, terminal), suspension, the tenancy rule
/// (ScopeRestricted), then — only when a scan is due (new generation, a changed <c>kubeposture.io/rescan</c>
/// annotation, or the schedule/interval) — the scan pipeline, one status write with conditions, Events and metrics.
/// A reconcile caused by the operator's own status write finds nothing due and writes nothing, so there is no loop.
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
    private readonly ExceptionStatusWriter _exceptionStatus;
    private readonly ReportWriter _reports;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _controlNamespace;
    private readonly ScanSlots _scanSlots;
    private readonly ScanMemory _scanMemory = new();
    private readonly ConcurrentDictionary<ObjectKey, CompletedScan> _completed = new();
    private readonly ConcurrentDictionary<ObjectKey, bool> _changeTriggered = new();
    private readonly ConcurrentDictionary<ObjectKey, (DateTimeOffset CompletedAt, TimeSpan Duration)> _lastChangeScan = new();
    private readonly IReadOnlyList<string> _checkIds = [.. CheckCatalog.All.Select(c => c.Descriptor.Id)];

    public PostureScanReconciler(
        ObjectCache<PostureScan> scans, ObjectCache<PostureException> exceptions, InventoryStore store, ScanRunner runner,
        StatusWriter status, Finalizers finalizers, ScanEvents events, OperatorMetrics metrics, ExceptionStatusWriter exceptionStatus,
        TimeProvider time, ILogger<PostureScanReconciler> logger, string controlNamespace, int maxConcurrentScans, ReportWriter reports)
    {
        _reports = reports;
        _scans = scans;
        _exceptions = exceptions;
        _store = store;
        _runner = runner;
        _status = status;
        _finalizers = finalizers;
        _events = events;
        _metrics = metrics;
        _exceptionStatus = exceptionStatus;
        _time = time;
        _logger = logger;
        _controlNamespace = controlNamespace;
        _scanSlots = new ScanSlots(maxConcurrentScans);
    }

    /// <summary>The export step of the pipeline (spec.export); null: nothing is exported.</summary>
    public Export.SecurityHubScanExport? Export { get; init; }

    /// <summary>When changes in the cluster rescan (quiet period, maximum delay, minimum interval).</summary>
    public ChangeRescanPolicy ChangeRescan { get; init; } = ChangeRescanPolicy.Default;

    /// <summary>The inventory version the last scan of <paramref name="key"/> by this process read; null before one.</summary>
    public long? InventoryVersionScanned(ObjectKey key) => _completed.TryGetValue(key, out var done) ? done.InventoryVersion : null;

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
        var issues = PostureScanValidator.Validate(scan.Spec, _checkIds, CheckCategory.All, now, [.. _store.ListNamespaces().Select(n => n.Name)]);
        var errors = issues.Errors();
        if (errors.Count > 0)
        {
            var message = string.Join("; ", errors);
            var written = await WriteAsync(scan, s =>
            {
                s.ObservedGeneration = generation;
                s.NextScanTime = null;
                ScanStatus.SetCondition(s, ConditionTypes.Ready, Conditions.False, ConditionReasons.InvalidSpec, message, generation, now);
                ScanStatus.SetCondition(s, ConditionTypes.Scanning, Conditions.False, ConditionReasons.Idle, "no scan running", generation, now);
            }, cancellationToken);
            _completed.TryRemove(key, out _);
            if (written is null || ReferenceEquals(written, scan))
            {
                // Gone, or this generation's problems are already on the object (the reconcile that follows our own
                // status write): nothing new to report, and counting it as another terminal failure would be noise.
                return ReconcileResult.Done;
            }

            await _events.RecordAsync(scan, ScanEvents.Warning, ConditionReasons.InvalidSpec, message, cancellationToken);
            throw new TerminalReconcileException($"PostureScan {key}: {message}");
        }

        if (scan.Spec.Suspend)
        {
            await WriteAsync(scan, s =>
            {
                s.ObservedGeneration = generation;
                s.NextScanTime = null;
                ScanStatus.SetCondition(s, ConditionTypes.Ready, Conditions.False, ConditionReasons.Suspended, "spec.suspend is true: no scans are scheduled; set it to false to resume", generation, now);
                ScanStatus.SetCondition(s, ConditionTypes.Scanning, Conditions.False, ConditionReasons.Idle, "no scan running", generation, now);
            }, cancellationToken);
            _completed.TryRemove(key, out _);
            return ReconcileResult.Done;
        }

        var rescan = scan.Metadata.Annotations?.TryGetValue(ApiConstants.RescanAnnotation, out var token) == true ? token : null;
        if (NotDueUntil(key, scan, generation, rescan, now) is { } due)
        {
            return ReconcileResult.After(due - now);
        }

        using (await _scanSlots.AcquireAsync(_changeTriggered.ContainsKey(key), cancellationToken))
        {
            var mark = _scanMemory.Mark();
            try
            {
                return await ScanAsync(key, scan, generation, rescan, issues.Where(i => i.IsWarning).Select(i => i.ToString()).ToList(), cancellationToken);
            }
            finally
            {
                _scanMemory.AfterScan(mark);
            }
        }
    }

    /// <summary>When nothing is due: the time of the next scheduled scan. Null: scan now.</summary>
    private DateTimeOffset? NotDueUntil(ObjectKey key, PostureScan scan, long generation, string? rescan, DateTimeOffset now)
    {
        // What this process completed wins over the (possibly stale) cached status: a reconcile triggered by our own
        // status write must not scan again.
        if (_completed.TryGetValue(key, out var done))
        {
            if (done.Generation != generation || done.Rescan != rescan)
            {
                return null;
            }

            var due = done.Next;
            if (ChangeRescan.Enabled && _store.Version != done.InventoryVersion)
            {
                // The cluster changed since that scan read it: rescan, at most once per minimum interval counted from
                // the last change-triggered scan (a requested or scheduled scan just before does not delay it).
                var allowed = _lastChangeScan.TryGetValue(key, out var last) ? ChangeRescan.NextAllowed(last.CompletedAt, last.Duration) : now;
                if (allowed <= now)
                {
                    _changeTriggered[key] = true;
                    return null;
                }

                due = allowed < due ? allowed : due;
            }

            return due > now ? due : null;
        }

        // First look after a restart or leader change: trust a status that reflects this generation and whose last
        // scan answered the current rescan annotation value (status.lastHandledRescan), so neither causes a rescan.
        var status = scan.Status;
        var ready = Conditions.Find(status?.Conditions, ConditionTypes.Ready);
        var completedCurrent = status?.ObservedGeneration == generation && ready?.ObservedGeneration == generation
            && ready.Reason is ConditionReasons.ScanCompleted or ConditionReasons.ScopeRestricted
            && status.LastScan?.CompletionTime is not null && rescan == status.LastHandledRescan;
        if (!completedCurrent || status!.NextScanTime is not { } next)
        {
            return null;
        }

        var nextAt = new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
        if (nextAt <= now)
        {
            return null;
        }

        // After a restart the inventory this status was computed from is unknown; it counts as the current one (a change
        // from here on rescans), so a restart alone does not rescan every PostureScan.
        _completed[key] = new CompletedScan(generation, rescan, nextAt, _store.Version, now, TimeSpan.Zero);
        return nextAt;
    }

    private async Task<ReconcileResult> ScanAsync(ObjectKey key, PostureScan scan, long generation, string? rescan, IReadOnlyList<string> warnings, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var scopeIssues = PostureScanValidator.ValidateScope(scan.Spec, scan.Metadata.NamespaceProperty, _controlNamespace).Errors();
        var scopeRestriction = scopeIssues.Count == 0 ? null : string.Join("; ", scopeIssues);

        // The object as last stored: every write below starts from it, so the completion write carries the
        // resourceVersion of the Scanning=True write instead of conflicting (409, re-read, write again) each scan.
        PostureScan? current;
        string? eventProblem;
        try
        {
            // A failure here (e.g. a 500 on the write) is an ordinary reconcile error, retried with backoff: no scan ran.
            current = await WriteAsync(scan, s => ScanStatus.SetCondition(s, ConditionTypes.Scanning, Conditions.True, ConditionReasons.ScanInProgress, $"scan started at {startedAt:O}", generation, startedAt), cancellationToken);
            if (current is null)
            {
                return ReconcileResult.Done; // Deleted meanwhile.
            }

            eventProblem = await _events.RecordAsync(current, ScanEvents.Normal, ConditionReasons.ScanStarted, $"scan of generation {generation} started", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await InterruptedAsync(scan, generation);
            throw;
        }

        LogScanStarted(_logger, key, generation);
        Interlocked.Increment(ref _scansRun);
        ScanResult result;
        try
        {
            var exceptions = _exceptions.List();
            result = await Task.Run(() => _runner.Run(current, exceptions, startedAt, cancellationToken), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await InterruptedAsync(current, generation);
            throw;
        }
        catch (Exception e)
        {
            var elapsed = _time.GetElapsedTime(started);
            _metrics.ScanFailed(elapsed);
            var failedAt = _time.GetUtcNow();
            var message = $"scan failed: {e.GetType().Name}: {e.Message}; retrying with backoff";
            await WriteAsync(current, s =>
            {
                ScanStatus.SetCondition(s, ConditionTypes.Ready, Conditions.False, ConditionReasons.ScanFailed, message, generation, failedAt);
                ScanStatus.SetCondition(s, ConditionTypes.Scanning, Conditions.False, ConditionReasons.Idle, "no scan running", generation, failedAt);
            }, cancellationToken);
            await _events.RecordAsync(scan, ScanEvents.Warning, ConditionReasons.ScanFailed, message, cancellationToken);
            _completed.TryRemove(key, out _);
            throw;
        }

        var duration = _time.GetElapsedTime(started);
        var completedAt = startedAt + duration;

        // Reports, Events and exception status are written before the one status write so that a failure to write
        // them (missing RBAC) shows on the scan as Degraded, naming what was not written.
        var reports = await _reports.WriteAsync(scan, result, startedAt, cancellationToken);
        result = reports.Apply(result);
        var export = Export is null ? global::KubePosture.Operator.Export.ScanExportResult.None : await Export.ExportAsync(scan, result, cancellationToken);
        result = export.Apply(result);
        var exceptionProblem = await _exceptionStatus.UpdateAsync(scan, result, _exceptions.List(), completedAt, cancellationToken);
        foreach (var (source, problem) in new[] { ("events", eventProblem), ("postureexceptions/status", exceptionProblem) })
        {
            if (problem is not null)
            {
                result = result with { UnavailableSources = new Dictionary<string, string>(result.UnavailableSources) { [source] = problem } };
            }
        }

        var next = ScanSchedule.Next(scan.Spec, completedAt);
        var timing = new ScanTiming(startedAt, completedAt, duration);
        PostureScan? written;
        try
        {
            written = await _status.UpdateAsync(ApiResources.PostureScans, current,
                s => ScanStatus.Mutate(s, status =>
                {
                    ScanStatus.Completed(status, s, generation, rescan, result, timing, scopeRestriction, warnings, next);
                    status.ReportRefs = reports.Refs.Count == 0 ? null : [.. reports.StatusRefs()];
                    status.ReportCount = reports.Refs.Count == 0 ? null : reports.Refs.Count;
                    status.Export = export.Status is null ? null : new ExportStatus { SecurityHub = export.Status };
                }), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The completion write may or may not have reached the API server: make sure Scanning is not left True.
            await InterruptedAsync(current, generation);
            throw;
        }

        if (written is null)
        {
            return ReconcileResult.Done; // Deleted meanwhile.
        }

        _completed[key] = new CompletedScan(generation, rescan, next ?? DateTimeOffset.MaxValue, result.InventoryVersion, completedAt, duration);
        if (_changeTriggered.TryRemove(key, out _))
        {
            _lastChangeScan[key] = (completedAt, duration);
        }
        _metrics.ScanCompleted(key, duration, completedAt, result.Summary.Score, FindingSeries(result));
        LogScanCompleted(_logger, key, generation, result.Summary.TotalFindings, result.Summary.Score, duration.TotalMilliseconds);
        var missing = result.UnavailableSources.Where(p => p.Value != KubePosture.Inventory.InventoryStore.OutOfTenantScopeReason).Select(p => $"{p.Key} ({p.Value})").ToList();
        if (missing.Count > 0)
        {
            LogScanPartial(_logger, key, result.Engine.ChecksNotEvaluated.Count, string.Join("; ", missing));
        }
        var summary = result.Summary;
        await _events.RecordAsync(written, scopeRestriction is null ? ScanEvents.Normal : ScanEvents.Warning,
            scopeRestriction is null ? ConditionReasons.ScanCompleted : ConditionReasons.ScopeRestricted,
            $"{summary.TotalFindings} active findings ({summary.Critical} critical, {summary.High} high, {summary.Medium} medium), {summary.Suppressed} suppressed, score {summary.Score}, {duration.TotalSeconds:0.###}s"
            + (scopeRestriction is null ? string.Empty : $"; {scopeRestriction}"), cancellationToken);
        return next is { } n ? ReconcileResult.After(n - completedAt) : ReconcileResult.Done;
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
        _completed.TryRemove(key, out _);
        _changeTriggered.TryRemove(key, out _);
        _lastChangeScan.TryRemove(key, out _);
        _metrics.RemoveScan(key);
    }

    public void Dispose() => _scanSlots.Dispose();

    /// <summary>What this process last scanned for a PostureScan: the generation, rescan value and inventory version it saw, and when it is due again.</summary>
    private sealed record CompletedScan(long Generation, string? Rescan, DateTimeOffset Next, long InventoryVersion, DateTimeOffset CompletedAt, TimeSpan Duration);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "PostureScan {Key}: scan of generation {Generation} started")]
    private static partial void LogScanStarted(ILogger logger, ObjectKey key, long generation);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "PostureScan {Key}: scan of generation {Generation} completed with {Findings} active findings, score {Score}, in {DurationMs} ms")]
    private static partial void LogScanCompleted(ILogger logger, ObjectKey key, long generation, int findings, int score, double durationMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "PostureScan {Key}: partial results, {NotEvaluated} checks not evaluated: {Missing}")]
    private static partial void LogScanPartial(ILogger logger, ObjectKey key, int notEvaluated, string missing);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "PostureScan {Key}: could not mark the interrupted scan as not scanning")]
    private static partial void LogInterruptedWriteFailed(ILogger logger, Exception exception, ObjectKey key);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "PostureScan {Key}: deleted; metric series removed and finalizer released")]
    private static partial void LogFinalized(ILogger logger, ObjectKey key);
}
