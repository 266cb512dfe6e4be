using KubePosture.Api;
using KubePosture.AwsEmulator;
using KubePosture.EndToEnd.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KubePosture.EndToEnd.Tests;

/// <summary>
/// spec.export.securityHub through the operator host and the AWS emulator's Security Hub: the first scan creates the
/// findings, an unchanged rescan sends nothing, a PostureException updates the suppressed finding in one call,
/// findings Security Hub refuses degrade the scan with their error code, and a tenant scan asking for the export is
/// ScopeRestricted and sends nothing.
/// </summary>
public sealed class SecurityHubExportTests
{
    private const string Ns = TestCluster.ControlNamespace;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Action<IServiceCollection> EmulatedAws(AwsEmulatorServer aws, string? securityHubUrl = null) =>
        Support.EmulatedAws.Services(aws, options =>
        {
            options.MaxRetries = 2;
            if (securityHubUrl is not null)
                options.Endpoints["securityhub"] = securityHubUrl;
        });

    private static PostureScan ExportingScan(string @namespace, string name) =>
        TestCluster.NewScan(@namespace, name, s => s.Export = new ExportSpec { SecurityHub = new SecurityHubExportSpec { Enabled = true, Region = "us-west-2" } });

    [Fact]
    public async Task Findings_are_created_then_unchanged_rescans_send_nothing_and_a_suppression_is_one_call()
    {
        await using var aws = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: Ct);
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster, o => o with { ClusterName = "fleet-7" }, configureServices: EmulatedAws(aws));
        await cluster.CreateAsync(ExportingScan(Ns, "export"));

        var scan = await cluster.WaitForAsync(Ns, "export", s => s.Status?.Export?.SecurityHub?.LastExportTime is not null, "exported");
        await op.WaitIdleAsync(cluster);
        var first = scan.Status!.Export!.SecurityHub!;
        var stored = aws.SecurityHub.StoredFindings;
        Assert.True(first.New > 0 && first.Failed == 0, $"{first.New} new, {first.Failed} failed: {first.Message}");
        Assert.Equal(first.New, stored.Count);
        Assert.Equal(first.New, first.ActiveFindings);
        Assert.Equal(scan.Status.Summary!.Critical + scan.Status.Summary.High + scan.Status.Summary.Medium + scan.Status.Summary.Low + scan.Status.Summary.Info, first.New);
        Assert.All(stored.Keys, id => Assert.StartsWith("arn:aws:eks:us-west-2:111122223333:cluster/fleet-7/", id, StringComparison.Ordinal));
        Assert.Equal("False", TestCluster.Condition(scan, ConditionTypes.Degraded)!.Status);
        var events = await cluster.EventsAsync(Ns, "export");
        Assert.Contains(events, e => e.Reason == "SecurityHubExported" && e.Message.Contains($"{first.New} new", StringComparison.Ordinal));
        var metrics = await op.MetricsAsync();
        Assert.Equal(first.New, metrics.Sum("kubeposture_export_findings_total", ("target", "securityhub"), ("result", "new")));
        // Every kubeposture series names the cluster (the operator's --cluster-name), the AWS ones included.
        var series = metrics.Samples.Where(s => s.Name.StartsWith("kubeposture_", StringComparison.Ordinal)).ToList();
        Assert.Contains(series, s => s.Name.StartsWith("kubeposture_aws_", StringComparison.Ordinal));
        Assert.All(series, s => Assert.Equal("fleet-7", s.Labels.GetValueOrDefault("cluster")));

        // Nothing changed: the rescan sends nothing.
        var imports = aws.Requests.CountOf("securityhub", "BatchImportFindings");
        await cluster.PatchAsync(Ns, "export", """{"metadata":{"annotations":{"kubeposture.io/rescan":"1"}}}""");
        var again = await cluster.WaitForAsync(Ns, "export", s => s.Status?.LastHandledRescan == "1" && TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False", "rescan answered");
        Assert.Equal((0, first.New), (again.Status!.Export!.SecurityHub!.Calls, again.Status.Export.SecurityHub.Unchanged));
        Assert.Equal(imports, aws.Requests.CountOf("securityhub", "BatchImportFindings"));

        // An exception suppresses the privileged pod: one call updates that finding, nothing is added.
        var expires = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await cluster.CreateRawExceptionAsync("{\"checks\":[\"pod.privileged\"],\"resources\":[{\"kind\":\"Pod\",\"name\":\"privileged\"}],"
            + "\"justification\":\"debug pod, removed after the incident review\",\"expiresAt\":\"" + expires + "\",\"owner\":\"team-a@example.com\"}");
        // A new exception rescans the scans that apply it at once (the PostureException controller): no rescan asked.
        var suppressed = await cluster.WaitForAsync(Ns, "export", s => s.Status?.Summary?.Suppressed == 1 && TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False",
            "the scan the new exception triggered");
        var export = suppressed.Status!.Export!.SecurityHub!;
        Assert.Equal((1, 1, 0, 0), (export.Calls, export.Updated, export.New, export.Archived));
        Assert.Equal(first.New, aws.SecurityHub.StoredFindings.Count);
        var finding = aws.SecurityHub.StoredFindings.Values.Single(f => f["ProductFields"]!["kubeposture/Resource"]!.GetValue<string>() == "Pod/team-a/privileged"
            && f["GeneratorId"]!.GetValue<string>() == "pod.privileged");
        Assert.Equal("PostureException team-a/raw", finding["ProductFields"]!["kubeposture/SuppressedBy"]!.GetValue<string>());
        Assert.Equal("ACTIVE", finding["RecordState"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_the_oldest_exporting_scan_of_a_cluster_exports_and_a_second_never_archives_its_findings()
    {
        await using var aws = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: Ct);
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster, configureServices: EmulatedAws(aws));
        await cluster.CreateAsync(ExportingScan(Ns, "first"));
        var first = await cluster.WaitForAsync(Ns, "first", s => s.Status?.Export?.SecurityHub?.LastExportTime is not null, "first exported");
        await op.WaitIdleAsync(cluster);
        var exported = first.Status!.Export!.SecurityHub!.New;
        Assert.True(exported > 1, $"{exported} exported");

        // A second exporting scan of the same cluster that finds less: exporting it would archive what only the first
        // finds (the Ids are per cluster). It exports nothing and says which scan exports.
        var second = ExportingScan(Ns, "second");
        second.Spec.Checks = new CheckSelectionSpec { Include = ["pod.privileged"] };
        var imports = aws.Requests.CountOf("securityhub", "BatchImportFindings");
        await cluster.CreateAsync(second);
        var conflicted = await cluster.WaitForReadyAsync(Ns, "second");
        await op.WaitIdleAsync(cluster);
        var degraded = TestCluster.Condition(conflicted, ConditionTypes.Degraded)!;
        Assert.Equal("True", degraded.Status);
        Assert.Contains($"PostureScan {Ns}/first", degraded.Message, StringComparison.Ordinal);
        Assert.Contains($"PostureScan {Ns}/first", conflicted.Status!.Export!.SecurityHub!.Message, StringComparison.Ordinal);
        Assert.Equal(imports, aws.Requests.CountOf("securityhub", "BatchImportFindings"));
        Assert.Equal(exported, aws.SecurityHub.StoredFindings.Count);
        Assert.All(aws.SecurityHub.StoredFindings.Values, f => Assert.Equal("ACTIVE", f["RecordState"]!.GetValue<string>()));

        // The first is deleted: the second is now the cluster's exporter.
        Assert.True(await cluster.DeleteAsync(Ns, "first"));
        await cluster.PatchAsync(Ns, "second", """{"metadata":{"annotations":{"kubeposture.io/rescan":"1"}}}""");
        var exporting = await cluster.WaitForAsync(Ns, "second", s => s.Status?.LastHandledRescan == "1" && s.Status.Export?.SecurityHub?.Calls > 0, "second exports");
        Assert.Null(exporting.Status!.Export!.SecurityHub!.Message);
    }

    [Fact]
    public async Task An_unreachable_security_hub_degrades_the_scan_and_never_fails_it()
    {
        await using var aws = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: Ct);
        await using var cluster = await TestCluster.StartAsync();
        // Port 1 on loopback: the connection is refused, the way an endpoint without a route or DNS name fails.
        await using var op = await OperatorInstance.StartAsync(cluster, configureServices: EmulatedAws(aws, "http://127.0.0.1:1"));
        await cluster.CreateAsync(ExportingScan(Ns, "unreachable"));

        var scan = await cluster.WaitForReadyAsync(Ns, "unreachable");
        await op.WaitIdleAsync(cluster);

        Assert.Equal("True", TestCluster.Condition(scan, ConditionTypes.Ready)!.Status);
        var degraded = TestCluster.Condition(scan, ConditionTypes.Degraded)!;
        Assert.Equal("True", degraded.Status);
        Assert.Contains("export/securityhub", degraded.Message, StringComparison.Ordinal);
        var metrics = await op.MetricsAsync();
        Assert.Equal(0, metrics.Sum("kubeposture_reconcile_total", ("result", "error")));
    }

    [Fact]
    public async Task Findings_security_hub_refuses_degrade_the_scan_with_their_error_code()
    {
        await using var aws = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: Ct);
        aws.Faults.Inject("securityhub:BatchImportFindings", AwsFault.Throttling(times: 1));
        for (var i = 0; i < 3; i++) aws.SecurityHub.FailNextImport("InvalidInput", 1);
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster, configureServices: EmulatedAws(aws));
        await cluster.CreateAsync(ExportingScan(Ns, "refused"));

        var scan = await cluster.WaitForAsync(Ns, "refused", s => s.Status?.Export?.SecurityHub?.LastExportTime is not null, "exported");
        await op.WaitIdleAsync(cluster);

        var export = scan.Status!.Export!.SecurityHub!;
        Assert.Equal(1, export.Failed);
        Assert.Contains("InvalidInput: 1", export.Message, StringComparison.Ordinal);
        var degraded = TestCluster.Condition(scan, ConditionTypes.Degraded)!;
        Assert.Equal("True", degraded.Status);
        Assert.Contains("export/securityhub", degraded.Message, StringComparison.Ordinal);
        Assert.Equal("True", TestCluster.Condition(scan, ConditionTypes.Ready)!.Status);
        var events = await cluster.EventsAsync(Ns, "refused");
        Assert.Contains(events, e => e.Type == "Warning" && e.Reason == "SecurityHubExportFailed" && e.Message.Contains("InvalidInput", StringComparison.Ordinal));
        var metrics = await op.MetricsAsync();
        Assert.Equal(1, metrics.Sum("kubeposture_export_failures_total", ("target", "securityhub"), ("error_code", "InvalidInput")));
    }

    [Fact]
    public async Task Tenant_scan_asking_for_the_export_is_ScopeRestricted_and_sends_nothing()
    {
        await using var aws = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: Ct);
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster, configureServices: EmulatedAws(aws));
        await cluster.CreateAsync(ExportingScan("team-a", "tenant"));

        var scan = await cluster.WaitForReadyAsync("team-a", "tenant", ConditionReasons.ScopeRestricted);

        Assert.Contains("spec.export.securityHub.enabled", TestCluster.Condition(scan, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.Null(scan.Status!.Export);
        Assert.Equal(0, aws.Requests.Count);
    }
}
