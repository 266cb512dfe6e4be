using KubePosture.Api;
using KubePosture.Aws.SecurityHub;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Operator.Metrics;
using KubePosture.Operator.Scans;
using Microsoft.Extensions.Logging;

namespace KubePosture.Operator.Export;

/// <summary>What exporting one scan's result did: the status to show, and a problem that makes the scan Degraded.</summary>
public sealed record ScanExportResult(SecurityHubExportStatus? Status, string? Problem)
{
    public const string Source = "export/securityhub";

    public static readonly ScanExportResult None = new(null, null);

    /// <summary>The scan result with the export problem added to its unavailable sources (so status says Degraded).</summary>
    public ScanResult Apply(ScanResult result) => result.WithProblem(Source, Problem is null ? null : SourceProblem.Unreachable(Problem));
}

/// <summary>
/// The scan pipeline's Security Hub step (spec.export.securityHub, control namespace only): maps the scan's active and
/// suppressed findings to ASFF and hands them to the <see cref="SecurityHubExporter"/>, which sends only what changed.
/// Failures never fail the scan: they come back as a problem (Degraded), a Warning Event, metrics and status.
/// </summary>
/// <param name="scans">The PostureScans the operator sees, to decide which one exports (<see cref="Exporter"/>).</param>
public sealed partial class SecurityHubScanExport(
    ISecurityHubSessions sessions, SecurityHubExporter exporter, ClusterIdentity cluster, ScanEvents events, OperatorMetrics metrics,
    TimeProvider time, ILogger<SecurityHubScanExport> logger, string controlNamespace, string? defaultRegion, Func<IReadOnlyList<PostureScan>> scans)
{
    /// <summary>
    /// The scan that exports this cluster's findings: the oldest PostureScan of the control namespace with the export
    /// enabled (then by name). Finding Ids are per cluster, so a second exporting scan that finds less would archive
    /// what only the first finds; it exports nothing and says which scan does. Null when none asks for the export.
    /// </summary>
    public static PostureScan? Exporter(IEnumerable<PostureScan> scans, string controlNamespace) => scans
        .Where(s => s.Metadata.NamespaceProperty == controlNamespace && s.Metadata.DeletionTimestamp is null && s.Spec.Export?.SecurityHub is { Enabled: true })
        .OrderBy(s => s.Metadata.CreationTimestamp ?? DateTime.MaxValue)
        .ThenBy(s => s.Metadata.Name, StringComparer.Ordinal)
        .FirstOrDefault();

    public async Task<ScanExportResult> ExportAsync(PostureScan scan, ScanResult result, CancellationToken cancellationToken)
    {
        var spec = scan.Spec.Export?.SecurityHub;
        if (spec is not { Enabled: true } || scan.Metadata.NamespaceProperty != controlNamespace)
            return ScanExportResult.None; // A tenant scan asking for it is ScopeRestricted (PostureScanValidator.ValidateScope).
        if (Exporter(scans(), controlNamespace) is { } owner && owner.Metadata.Name != scan.Metadata.Name)
        {
            var conflict = Failed(scan, $"PostureScan {owner.Metadata.NamespaceProperty}/{owner.Metadata.Name}, created earlier, has the export enabled too: "
                + "only the oldest exporting scan of a cluster exports (finding Ids are per cluster, so a second exporter would archive what only the other finds); "
                + "enable spec.export.securityHub on one PostureScan");
            await events.RecordAsync(scan, ScanEvents.Warning, "SecurityHubExportConflict", conflict.Problem!, cancellationToken);
            return conflict;
        }

        var region = spec.Region ?? scan.Spec.Aws?.Region ?? defaultRegion;
        if (string.IsNullOrEmpty(region))
            return Failed(scan, "no region: set spec.export.securityHub.region, spec.aws.region or the operator's AWS_REGION");

        var key = KubePosture.Runtime.Client.ObjectKey.Of(scan);
        SecurityHubExportResult outcome;
        try
        {
            var (hub, account, partition) = await sessions.GetSecurityHubAsync(new AwsSessionRequest(region, spec.RoleArn), cancellationToken);
            var source = new AsffSource(partition, region, account, cluster.Name, $"{scan.Metadata.NamespaceProperty}/{scan.Metadata.Name}");
            var findings = AsffScan.Map(result.Exceptions.Active, result.Exceptions.Suppressed.Select(s => (s.Finding, new AsffSuppression(s.By, s.Justification))), source);
            outcome = await exporter.ExportAsync(hub, source, findings, cancellationToken);
        }
        // Any failure but our own cancellation: an error answer, an endpoint that refuses or does not resolve, a
        // timeout, a body we cannot read. The export is an output of the scan, never a reason to fail it.
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            metrics.ExportFailed(key, "securityhub", e is AwsAccessDeniedException ? "AccessDenied" : (e as AwsServiceException)?.ErrorCode ?? e.GetType().Name);
            var problem = Failed(scan, e.Message);
            await events.RecordAsync(scan, ScanEvents.Warning, "SecurityHubExportFailed", problem.Problem!, cancellationToken);
            return problem;
        }

        metrics.ExportCompleted(key, "securityhub", outcome);
        LogExported(logger, scan.Metadata.NamespaceProperty, scan.Metadata.Name, outcome.New, outcome.Updated, outcome.Archived, outcome.Unchanged, outcome.Failed.Count, outcome.Calls);
        var status = new SecurityHubExportStatus
        {
            LastExportTime = time.GetUtcNow().UtcDateTime,
            ActiveFindings = outcome.Active,
            New = outcome.New,
            Updated = outcome.Updated,
            Archived = outcome.Archived,
            Unchanged = outcome.Unchanged,
            Failed = outcome.Failed.Count,
            Calls = outcome.Calls,
        };
        if (outcome.Failed.Count > 0)
        {
            var message = $"Security Hub refused {outcome.Failed.Count} findings ({outcome.FailureSummary}); they are sent again by the next scan";
            status.Message = BoundedText.Bound(message, SecurityHubExportStatus.MaxMessageLength);
            await events.RecordAsync(scan, ScanEvents.Warning, "SecurityHubExportFailed", message, cancellationToken);
            return new ScanExportResult(status, message);
        }

        if (outcome.Sent > 0)
            await events.RecordAsync(scan, ScanEvents.Normal, "SecurityHubExported",
                $"{outcome.New} new, {outcome.Updated} updated, {outcome.Archived} archived, {outcome.Unchanged} unchanged findings in {outcome.Calls} Security Hub calls", cancellationToken);
        return new ScanExportResult(status, null);
    }

    private ScanExportResult Failed(PostureScan scan, string problem)
    {
        LogFailed(logger, scan.Metadata.NamespaceProperty, scan.Metadata.Name, problem);
        return new ScanExportResult(new SecurityHubExportStatus { LastExportTime = time.GetUtcNow().UtcDateTime, Message = BoundedText.Bound(problem, SecurityHubExportStatus.MaxMessageLength) }, $"Security Hub export: {problem}");
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "PostureScan {Namespace}/{Name}: Security Hub export: {New} new, {Updated} updated, {Archived} archived, {Unchanged} unchanged, {Failed} failed, {Calls} calls")]
    private static partial void LogExported(ILogger logger, string @namespace, string name, int @new, int updated, int archived, int unchanged, int failed, int calls);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "PostureScan {Namespace}/{Name}: Security Hub export failed: {Problem}")]
    private static partial void LogFailed(ILogger logger, string @namespace, string name, string problem);
}
