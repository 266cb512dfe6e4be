using KubePosture.Aws.Ports;
using KubePosture.Aws.SecurityHub;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Model;
using Microsoft.Extensions.Time.Testing;

namespace KubePosture.Aws.Tests.SecurityHub;

/// <summary>
/// The export's finding lifecycle against the AWS emulator's Security Hub: new, unchanged, changed, resolved and
/// suppressed findings; a restart that reconciles with GetFindings instead of importing again; throttling and partial
/// failures.
/// </summary>
public sealed class SecurityHubExportTests : IAsyncLifetime
{
    private AwsTestContext _aws = null!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private ISecurityHubPort _hub = null!;
    private AsffSource _source = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _aws = await AwsTestContext.StartAsync();
        var (hub, account, partition) = await _aws.Factory.GetSecurityHubAsync(new AwsSessionRequest(_aws.Server.Fixture.Region), Ct);
        _hub = hub;
        _source = new AsffSource(partition, _aws.Server.Fixture.Region, account, "demo", "kubeposture/cluster");
    }

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    internal static Finding Workload(int i, string message = "runs privileged") =>
        new("pod.privileged", Severity.Critical, new ResourceRef("apps/v1", "Deployment", $"team-{i % 7}", $"app-{i}"), $"Deployment app-{i}: {message}");

    internal static List<Finding> Workloads(int count) => [.. Enumerable.Range(0, count).Select(i => Workload(i))];

    private IReadOnlyList<AsffFinding> Asff(IEnumerable<Finding> active, params (Finding, AsffSuppression)[] suppressed) => [.. AsffScan.Map(active, suppressed, _source)];

    private int Imports => _aws.Server.Requests.CountOf("securityhub", "BatchImportFindings");

    private Task<SecurityHubExportResult> ExportAsync(SecurityHubExporter exporter, IReadOnlyList<AsffFinding> findings) => exporter.ExportAsync(_hub, _source, findings, Ct);

    [Fact]
    public async Task New_findings_go_in_calls_of_100_then_unchanged_send_nothing_and_one_change_is_one_call()
    {
        var exporter = new SecurityHubExporter(_time);
        var findings = Workloads(250);

        var first = await ExportAsync(exporter, Asff(findings));
        var importsAfterFirst = Imports;
        _time.Advance(TimeSpan.FromHours(6));
        var unchanged = await ExportAsync(exporter, Asff(findings));
        findings[42] = Workload(42, "runs privileged and mounts the docker socket");
        var changed = await ExportAsync(exporter, Asff(findings));

        Assert.Equal((250, 0, 0), (first.New, first.Updated, first.Archived));
        Assert.Equal(1 + 3, first.Calls); // one GetFindings page (nothing there yet) and 250 findings in 3 imports
        Assert.Equal(3, importsAfterFirst);
        Assert.Equal((0, 250), (unchanged.Calls, unchanged.Unchanged));
        Assert.Equal((1, 1, 249), (changed.Calls, changed.Updated, changed.Unchanged));
        Assert.Equal(250, _aws.Server.SecurityHub.StoredFindings.Count);
        var stored = _aws.Server.SecurityHub.StoredFindings[Asff([findings[42]]).Single().Id];
        Assert.Contains("docker socket", stored["Description"]!.GetValue<string>());
        Assert.Equal("2026-12-01T08:00:00.000Z", stored["CreatedAt"]!.GetValue<string>());
        Assert.Equal("2026-12-01T14:00:00.000Z", stored["UpdatedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_resolved_finding_is_sent_once_more_archived_and_passed_then_never_again()
    {
        var exporter = new SecurityHubExporter(_time);
        var findings = Workloads(5);
        await ExportAsync(exporter, Asff(findings));
        var fixedId = Asff([findings[3]]).Single().Id;
        findings.RemoveAt(3);

        var resolved = await ExportAsync(exporter, Asff(findings));
        var after = await ExportAsync(exporter, Asff(findings));

        Assert.Equal((1, 1), (resolved.Calls, resolved.Archived));
        Assert.Equal(0, after.Calls);
        var archived = _aws.Server.SecurityHub.StoredFindings[fixedId];
        Assert.Equal("ARCHIVED", archived["RecordState"]!.GetValue<string>());
        Assert.Equal("PASSED", archived["Compliance"]!["Status"]!.GetValue<string>());
        Assert.Equal(4, _aws.Server.SecurityHub.StoredFindings.Values.Count(f => f["RecordState"]!.GetValue<string>() == "ACTIVE"));
        Assert.Equal(4, exporter.Remembered(_source));
    }

    [Fact]
    public async Task A_suppressed_finding_is_created_suppressed_and_a_customer_workflow_is_never_overwritten()
    {
        var exporter = new SecurityHubExporter(_time);
        var exception = new AsffSuppression("PostureException team-1/legacy", "vendor image until Q3");
        await ExportAsync(exporter, Asff([Workload(1)], (Workload(2), exception)));
        var suppressedId = Asff([Workload(2)]).Single().Id;
        var activeId = Asff([Workload(1)]).Single().Id;
        // The customer reviews the active finding; later an exception suppresses it too.
        _aws.Server.SecurityHub.SetWorkflow(activeId, "NOTIFIED");

        var update = await ExportAsync(exporter, Asff([], (Workload(1), exception), (Workload(2), exception)));

        var suppressed = _aws.Server.SecurityHub.StoredFindings[suppressedId];
        Assert.Equal("SUPPRESSED", suppressed["Workflow"]!["Status"]!.GetValue<string>());
        Assert.StartsWith("Suppressed by PostureException team-1/legacy", suppressed["Note"]!["Text"]!.GetValue<string>());
        Assert.Equal(1, update.Updated);
        var later = _aws.Server.SecurityHub.StoredFindings[activeId];
        Assert.Equal("NOTIFIED", later["Workflow"]!["Status"]!.GetValue<string>()); // Workflow is the customer's once the finding exists
        Assert.Equal("PostureException team-1/legacy", later["ProductFields"]!["kubeposture/SuppressedBy"]!.GetValue<string>());
        Assert.Equal("ACTIVE", later["RecordState"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_a_restart_the_export_reconciles_with_get_findings_instead_of_importing_again()
    {
        var findings = Workloads(230);
        await ExportAsync(new SecurityHubExporter(_time), Asff(findings));
        findings.RemoveAt(0);
        var importsBefore = Imports;

        var restarted = new SecurityHubExporter(_time);
        var result = await ExportAsync(restarted, Asff(findings));

        Assert.True(result.Reconciled);
        Assert.Equal(3 + 1, result.Calls); // three GetFindings pages, one import for the archive
        Assert.Equal((0, 0, 1, 229), (result.New, result.Updated, result.Archived, result.Unchanged));
        Assert.Equal(importsBefore + 1, Imports);
    }

    [Fact]
    public async Task Throttled_imports_are_retried_and_refused_findings_retried_then_reported_with_their_codes()
    {
        var exporter = new SecurityHubExporter(_time);
        _aws.Server.Faults.Inject("securityhub:BatchImportFindings", AwsFault.Throttling(times: 2));
        _aws.Server.SecurityHub.FailNextImport("InternalException", 2); // refused once, accepted on the retry

        var first = await ExportAsync(exporter, Asff(Workloads(120)));

        Assert.Empty(first.Failed);
        Assert.Equal(120, first.New);
        Assert.Equal(120, _aws.Server.SecurityHub.StoredFindings.Count);
        Assert.Equal(2, _aws.Server.Requests.Entries.Count(e => e.Service == "securityhub" && e.Status == 429));

        // Refused on every attempt: reported with the code, not remembered, and sent again by the next export.
        for (var i = 0; i < 3; i++) _aws.Server.SecurityHub.FailNextImport("LimitExceeded", 1);
        var findings = Workloads(121);
        var refused = await ExportAsync(exporter, Asff(findings));
        var next = await ExportAsync(exporter, Asff(findings));

        var failure = Assert.Single(refused.Failed);
        Assert.Equal("LimitExceeded", failure.ErrorCode);
        Assert.Equal("LimitExceeded: 1", refused.FailureSummary);
        Assert.Equal(3, refused.Calls);
        Assert.Equal((1, 1), (next.Calls, next.New));
        Assert.Empty(next.Failed);
    }
}
