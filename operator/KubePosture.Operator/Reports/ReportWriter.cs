using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using k8s;
using k8s.Models;
using KubePosture.Api;
using KubePosture.Checks.Inventory;
using KubePosture.Operator.Scans;
using KubePosture.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubePosture.Operator.Reports;

/// <summary>What writing a scan's reports did.</summary>
/// <param name="Refs">The report objects the scan now has (for status.reportRefs).</param>
/// <param name="Problem">Why reports could not be (fully) written (forbidden, ...); null when all is well,
/// including when no report CRD is installed (nothing to write).</param>
/// <param name="Api">The report API written, or null when none is served or reports are off.</param>
public sealed record ReportWriteResult(IReadOnlyList<ReportRef> Refs, SourceProblem? Problem, ReportApi? Api)
{
    public const string Source = "reports";

    public static readonly ReportWriteResult None = new([], null, null);

    /// <summary>
    /// The references status lists: at most <see cref="PostureScanStatus.MaxReportRefs"/>, the reports holding the most
    /// results first (then cluster before namespaced, by namespace), so the status of a scan of thousands of
    /// namespaces stays small.
    /// </summary>
    public IEnumerable<ReportRef> StatusRefs() => Refs
        .OrderByDescending(r => r.Results ?? 0)
        .ThenBy(r => r.Namespace is null ? 0 : 1)
        .ThenBy(r => r.Namespace, StringComparer.Ordinal)
        .ThenBy(r => r.Kind, StringComparer.Ordinal)
        .Take(PostureScanStatus.MaxReportRefs);

    /// <summary>The scan result with a report problem added to its unavailable sources (so status says Degraded).</summary>
    public ScanResult Apply(ScanResult result) => result.WithProblem(Source, Problem);
}

/// <summary>
/// Writes a scan's results as openreports.io Reports / ClusterReport (or wgpolicyk8s.io PolicyReports when only those
/// CRDs are served), found through API discovery on every scan, so installing the CRD later starts the reports and
/// nothing is written while it is absent. Creates or replaces the desired objects (unchanged ones are not written),
/// then deletes the scan's reports that are no longer desired (a namespace left the scope, reports were turned off,
/// the other report API). Failures never fail the scan: they come back as <see cref="ReportWriteResult.Problem"/>.
/// </summary>
public sealed partial class ReportWriter
{
    private readonly KubeApiClient _client;
    private readonly ILogger _logger;

    /// <summary>
    /// The resourceVersion and content digest of every report object this process last wrote or found unchanged. A
    /// rescan then reads its existing reports' metadata alone: one whose resourceVersion is the remembered one holds
    /// the remembered content. Only when one does not (first scan after a start, someone else wrote it) are that kind's
    /// reports read whole.
    /// </summary>
    private readonly ConcurrentDictionary<ReportKey, ExistingReport> _known = new();

    public ReportWriter(KubeApiClient client, ILogger<ReportWriter> logger)
    {
        _client = client;
        _logger = logger;
    }

    public async Task<ReportWriteResult> WriteAsync(PostureScan scan, ScanResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reporting = scan.Spec.Reporting ?? new ReportingSpec();
        IReadOnlyList<ReportApi> served;
        try
        {
            served = await ServedAsync(cancellationToken);
        }
        catch (KubeApiException e)
        {
            return Failed(scan, "discovery", e);
        }

        var api = reporting.Reports && served.Count > 0 ? served[0] : null;
        var desired = api is null ? [] : ReportBuilder.Build(scan, result, api, reporting.MaxResultsPerReport, now);
        IReadOnlyDictionary<ReportKey, ExistingReport> existing;
        try
        {
            // Per served kind, a paginated LIST by the scan-uid label (metadata only when this process wrote them)
            // answers both "what to replace" and "what is stale": no GET per namespace.
            existing = await ExistingAsync(scan, served, cancellationToken);
        }
        catch (KubeApiException e)
        {
            return Failed(scan, "list reports", e);
        }

        // A few writes in flight: the thousands of reports of a large cluster's first scan are written in a fraction
        // of the time one at a time takes, and the API server sees at most WriteConcurrency of them at once.
        var written = new List<(int Index, ReportRef Ref)>();
        var keep = new HashSet<ReportKey>();
        (string Action, KubeApiException Error)? failure = null;
        var gate = new Lock();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(desired.Select((report, index) => (report, index)), new ParallelOptions { MaxDegreeOfParallelism = WriteConcurrency, CancellationToken = stop.Token }, async (item, ct) =>
            {
                var (report, index) = item;
                var key = ReportKey.Of(report);
                lock (gate)
                    keep.Add(key);
                try
                {
                    await UpsertAsync(report, key, existing.GetValueOrDefault(key), ct);
                }
                catch (KubeApiException e)
                {
                    lock (gate)
                        failure ??= ($"write {report.Type.Kind} {report.Namespace}/{report.Name}", e);
                    await stop.CancelAsync();
                    return;
                }

                lock (gate)
                    written.Add((index, new ReportRef { ApiVersion = report.Type.ApiVersion, Kind = report.Type.Kind, Namespace = report.Namespace, Name = report.Name, Results = report.Kept }));
            });
        }
        catch (OperationCanceledException) when (failure is not null && !cancellationToken.IsCancellationRequested)
        {
            // Stopped at the first failed write: reported below.
        }

        var refs = written.OrderBy(w => w.Index).Select(w => w.Ref).ToList();
        if (failure is { } failed)
        {
            return Failed(scan, failed.Action, failed.Error) with { Refs = refs, Api = api };
        }

        try
        {
            await DeleteAsync(scan, existing.Where(e => !keep.Contains(e.Key)).Select(e => e.Key), cancellationToken);
        }
        catch (KubeApiException e)
        {
            return Failed(scan, "delete stale reports", e) with { Refs = refs, Api = api };
        }

        return new ReportWriteResult(refs, null, api);
    }

    /// <summary>Deletes every report object of the scan (the finalizer calls it). Returns a problem, or null.</summary>
    public async Task<SourceProblem?> DeleteAllAsync(PostureScan scan, CancellationToken cancellationToken)
    {
        try
        {
            var existing = await ExistingAsync(scan, await ServedAsync(cancellationToken), cancellationToken);
            await DeleteAsync(scan, existing.Keys, cancellationToken);
            return null;
        }
        catch (KubeApiException e)
        {
            return Failed(scan, "delete reports", e).Problem;
        }
    }

    /// <summary>The report APIs the API server serves, in order of preference (discovery: no CRD read permission needed).</summary>
    public async Task<IReadOnlyList<ReportApi>> ServedAsync(CancellationToken cancellationToken)
    {
        // Asked of every group at once (one round trip on a scan's path, not one per report API).
        var discovered = await Task.WhenAll(ReportApi.All.Select(async api =>
            (Api: api, Resources: await _client.GetPathAsync<V1APIResourceList>($"apis/{api.GroupVersion}", cancellationToken))));
        var served = new List<ReportApi>();
        foreach (var (api, resources) in discovered)
        {
            var names = resources?.Resources?.Select(r => r.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            if (names.Contains(api.Namespaced.Plural) && names.Contains(api.Cluster.Plural))
            {
                served.Add(api);
            }
        }

        return served;
    }

    /// <summary>
    /// Creates the report, or replaces <paramref name="current"/> when its content differs. A same-named object
    /// without this scan's label (left by a deleted scan of the same name) answers the create with a conflict; it is
    /// then read and taken over.
    /// </summary>
    private async Task UpsertAsync(DesiredReport desired, ReportKey key, ExistingReport? current, CancellationToken cancellationToken)
    {
        var digest = Fingerprint(desired.Report);
        if (current is null)
        {
            try
            {
                var created = await _client.PostAsync(desired.Type, desired.Report, cancellationToken);
                _known[key] = new ExistingReport(created.ResourceVersion, digest);
                return;
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                current = await _client.GetAsync<ReportObject>(desired.Type, desired.Namespace, desired.Name, cancellationToken) is { } taken
                    ? ExistingReport.Of(taken)
                    : null;
                if (current is null)
                {
                    throw;
                }
            }
        }

        if (current.Fingerprint.AsSpan().SequenceEqual(digest))
        {
            _known[key] = current;
            return;
        }

        desired.Report.Metadata.ResourceVersion = current.ResourceVersion;
        var replaced = await _client.PutAsync(desired.Type, desired.Report, cancellationToken);
        _known[key] = new ExistingReport(replaced.ResourceVersion, digest);
    }

    /// <summary>
    /// A digest of a report's content apart from result timestamps: an unchanged posture is not rewritten on every
    /// scan. Existing reports are kept as digests, not objects, so a scan of thousands of namespaces does not hold
    /// every report it wrote last time.
    /// </summary>
    private static byte[] Fingerprint(ReportObject r)
    {
        using var hash = new HashingStream();
        JsonSerializer.Serialize(hash, new
        {
            r.Summary,
            r.Source,
            Results = (r.Results ?? []).Select(x => new { x.Policy, x.Severity, x.Category, x.Result, x.Message, x.Resources, x.Properties }),
            Labels = r.Metadata.Labels?.OrderBy(p => p.Key, StringComparer.Ordinal),
            Annotations = r.Metadata.Annotations?.OrderBy(p => p.Key, StringComparer.Ordinal),
            Owners = r.Metadata.OwnerReferences?.Select(o => o.Uid),
        }, KubeApiClient.SerializerOptions);
        return hash.Digest();
    }

    /// <summary>A write-only stream that hashes what is written (SHA-256): the content is digested as it is serialized, never held whole.</summary>
    private sealed class HashingStream : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Digest() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _hash.AppendData(buffer);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>A report object as it is stored: the version to replace it at and the digest of its content.</summary>
    private sealed record ExistingReport(string? ResourceVersion, byte[] Fingerprint)
    {
        public static ExistingReport Of(ReportObject report) => new(report.Metadata.ResourceVersion, ReportWriter.Fingerprint(report));
    }

    /// <summary>Report writes in flight at once.</summary>
    private const int WriteConcurrency = 4;

    /// <summary>Page size of the LIST of a scan's existing reports: a page of reports is held at a time, not all of them.</summary>
    private const int ExistingPageSize = 100;

    /// <summary>
    /// The scan's report objects of every served kind, found by its scan-uid label (paginated). Per kind, the
    /// metadata is read first; when every object is at the resourceVersion this process remembers (<see cref="_known"/>),
    /// that is all; otherwise the kind's reports are read whole and digested.
    /// </summary>
    private async Task<IReadOnlyDictionary<ReportKey, ExistingReport>> ExistingAsync(PostureScan scan, IReadOnlyList<ReportApi> served, CancellationToken cancellationToken)
    {
        var existing = new Dictionary<ReportKey, ExistingReport>();
        if (string.IsNullOrEmpty(scan.Metadata.Uid))
        {
            return existing;
        }

        var options = new ListOptions { LabelSelector = $"{ReportLabels.ScanUid}={scan.Metadata.Uid}", Limit = ExistingPageSize };
        var name = ReportBuilder.ReportName(scan.Metadata.NamespaceProperty, scan.Metadata.Name);
        foreach (var type in served.SelectMany(a => new[] { a.Namespaced, a.Cluster }))
        {
            // Each report of the kind, with what this process remembers of it when it is still at that resourceVersion.
            var listed = new Dictionary<ReportKey, ExistingReport?>();
            await foreach (var meta in _client.ListItemsAsync<MetadataOnly>(type, options, cancellationToken))
            {
                var key = new ReportKey(type, meta.Metadata.NamespaceProperty, meta.Metadata.Name);
                listed[key] = _known.TryGetValue(key, out var remembered) && remembered.ResourceVersion == meta.Metadata.ResourceVersion ? remembered : null;
            }

            // Forget this scan's reports that are gone (deleted by someone else, or garbage collected with their owner).
            foreach (var gone in _known.Keys.Where(k => k.Type == type && k.Name == name && !listed.ContainsKey(k)).ToList())
                _known.TryRemove(gone, out _);

            if (listed.Values.All(r => r is not null))
            {
                foreach (var (key, report) in listed)
                    existing[key] = report!;
                continue;
            }

            await foreach (var report in _client.ListItemsAsync<ReportObject>(type, options, cancellationToken))
            {
                var key = new ReportKey(type, report.Metadata.NamespaceProperty, report.Metadata.Name);
                existing[key] = _known[key] = ExistingReport.Of(report);
            }
        }

        return existing;
    }

    private async Task DeleteAsync(PostureScan scan, IEnumerable<ReportKey> reports, CancellationToken cancellationToken)
    {
        foreach (var report in reports)
        {
            await _client.DeleteAsync(report.Type, report.Namespace, report.Name, cancellationToken);
            _known.TryRemove(report, out _);
            LogDeleted(_logger, report.Type.Kind, report.Namespace ?? "", report.Name, scan.Metadata.NamespaceProperty, scan.Metadata.Name);
        }
    }

    /// <summary>A report object's identity: its kind (and API) and name.</summary>
    private sealed record ReportKey(ResourceType Type, string? Namespace, string Name)
    {
        public static ReportKey Of(DesiredReport report) => new(report.Type, report.Namespace, report.Name);
    }

    private ReportWriteResult Failed(PostureScan scan, string action, KubeApiException e)
    {
        var problem = e.IsForbidden
            ? SourceProblem.Forbidden($"the operator's RBAC does not allow it to {action} ({e.Status?.Message ?? e.Message})")
            : SourceProblem.Unreachable($"{action} failed: HTTP {(int)e.StatusCode} {e.Status?.Message ?? e.Message}");
        LogFailed(_logger, scan.Metadata.NamespaceProperty, scan.Metadata.Name, problem.ToString());
        return new ReportWriteResult([], problem, null);
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "PostureScan {Namespace}/{Name}: reports: {Problem}")]
    private static partial void LogFailed(ILogger logger, string @namespace, string name, string problem);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "deleted {Kind} {ReportNamespace}/{ReportName} of PostureScan {Namespace}/{Name}")]
    private static partial void LogDeleted(ILogger logger, string kind, string reportNamespace, string reportName, string @namespace, string name);
}
