using KubePosture.Api;
using KubePosture.KubeEmulator;
using KubePosture.Operator.Kube;
using KubePosture.Operator.Reports;

namespace KubePosture.Chart.Tests;

/// <summary>Report objects written by the operator (chart RBAC, emulator with and without the report CRDs).</summary>
[Collection(OperatorRun.Collection)]
public class ReportTests
{
    private static async Task<List<ReportObject>> ReportsAsync(OperatorRun run, ReportApi api)
    {
        var ct = TestContext.Current.CancellationToken;
        var namespaced = await run.Admin.ListAsync<KubePosture.Runtime.Client.KubeList<ReportObject>>(api.Namespaced, new KubePosture.Runtime.Client.ListOptions(), ct);
        var cluster = await run.Admin.ListAsync<KubePosture.Runtime.Client.KubeList<ReportObject>>(api.Cluster, new KubePosture.Runtime.Client.ListOptions(), ct);
        return [.. namespaced.Items, .. cluster.Items];
    }

    [Fact]
    public async Task A_cluster_scan_writes_one_report_per_scanned_namespace_and_a_cluster_report_with_complete_summaries()
    {
        await using var run = await OperatorRun.StartAsync(await OperatorRun.ChartRbacAsync(), await OperatorRun.OpenReportsCrdsAsync());
        var created = await run.CreateScanAsync(OperatorRun.ControlNamespace, "cluster", new PostureScanSpec());
        var scan = await run.WaitForCompletedScanAsync(OperatorRun.ControlNamespace, "cluster");

        var reports = await ReportsAsync(run, ReportApi.OpenReports);
        var namespaces = new[] { "default", "kube-node-lease", "kube-public", "kube-system", "kubeposture", "team-a", "team-b" };
        Assert.Equal(namespaces, reports.Where(r => r.Kind == "Report").Select(r => r.Metadata.NamespaceProperty).Order(StringComparer.Ordinal));
        var clusterReport = Assert.Single(reports, r => r.Kind == "ClusterReport");
        Assert.All(reports, r => Assert.Equal("kubeposture.kubeposture.cluster", r.Metadata.Name));
        Assert.All(reports, r => Assert.Equal(created.Metadata.Uid, r.Metadata.Labels[ReportLabels.ScanUid]));

        // Owner reference only where Kubernetes allows one (same namespace); the rest are the finalizer's to delete.
        var own = Assert.Single(reports, r => r.Metadata.NamespaceProperty == OperatorRun.ControlNamespace);
        Assert.Equal(created.Metadata.Uid, Assert.Single(own.Metadata.OwnerReferences).Uid);
        Assert.All(reports.Where(r => r != own), r => Assert.Null(r.Metadata.OwnerReferences));

        var teamA = Assert.Single(reports, r => r.Metadata.NamespaceProperty == "team-a");
        Assert.True(teamA.Summary.Fail > 0);
        Assert.Equal(teamA.Summary.Fail, teamA.Results!.Count);
        Assert.All(teamA.Results!, r => Assert.Equal("team-a", Assert.Single(r.Resources!).NamespaceProperty));
        Assert.Contains(teamA.Results!, r => r.Policy == "pod.privileged" && r.Severity is "critical" or "high" && r.Result == "fail");
        // Each result names the compliance controls it fails; a scan that names no framework: every framework's.
        var privileged = teamA.Results!.First(r => r.Policy == "pod.privileged");
        Assert.Subset(privileged.Properties![ReportBuilder.ComplianceProperty].Split(',').ToHashSet(), new HashSet<string> { "cis-eks/4.2.1", "pss-baseline/privileged", "pss-restricted/privileged" });
        Assert.Contains(clusterReport.Results!, r => r.Policy == "rbac.cluster-admin-binding");
        Assert.Equal(reports.Sum(r => r.Summary.Fail), scan.Status!.Summary!.Critical + scan.Status.Summary.High + scan.Status.Summary.Medium + scan.Status.Summary.Low + scan.Status.Summary.Info);

        Assert.Equal(reports.Count, scan.Status.ReportRefs!.Count);
        Assert.All(scan.Status.ReportRefs!, r => Assert.Equal("openreports.io/v1alpha1", r.ApiVersion));
    }

    [Fact]
    public async Task A_scan_naming_frameworks_labels_its_results_with_their_controls_only()
    {
        await using var run = await OperatorRun.StartAsync(await OperatorRun.ChartRbacAsync(), await OperatorRun.OpenReportsCrdsAsync());
        await run.CreateScanAsync("team-a", "cis", new PostureScanSpec { Compliance = new ComplianceSpec { Frameworks = ["cis-eks"] } });
        await run.WaitForCompletedScanAsync("team-a", "cis");

        var report = Assert.Single(await ReportsAsync(run, ReportApi.OpenReports));
        var privileged = report.Results!.First(r => r.Policy == "pod.privileged");
        Assert.Equal("cis-eks/4.2.1", privileged.Properties![ReportBuilder.ComplianceProperty]);
    }

    [Fact]
    public async Task The_results_cap_keeps_the_worst_and_the_summary_still_counts_everything()
    {
        await using var run = await OperatorRun.StartAsync(await OperatorRun.ChartRbacAsync(), await OperatorRun.OpenReportsCrdsAsync());
        await run.CreateScanAsync("team-a", "capped", new PostureScanSpec { Reporting = new ReportingSpec { MaxResultsPerReport = 1 } });
        var scan = await run.WaitForCompletedScanAsync("team-a", "capped");

        var report = Assert.Single(await ReportsAsync(run, ReportApi.OpenReports));
        Assert.Equal("team-a", report.Metadata.NamespaceProperty);
        var result = Assert.Single(report.Results!);
        Assert.True(report.Summary.Fail > 1, $"fail {report.Summary.Fail}");
        Assert.Equal($"1 of {report.Summary.Fail}", report.Metadata.Annotations[ReportLabels.TruncatedAnnotation]);
        Assert.Equal("critical", result.Severity);
        Assert.Equal(1, Assert.Single(scan.Status!.ReportRefs!).Results);

        // A tenant scan's report lives in its namespace and is owned by it: garbage collected with it.
        Assert.Equal(scan.Metadata.Uid, Assert.Single(report.Metadata.OwnerReferences).Uid);
        await run.Admin.DeleteAsync(ApiResources.PostureScans, "team-a", "capped", TestContext.Current.CancellationToken);
        await run.WaitForScanGoneAsync("team-a", "capped");
        Assert.Empty(await ReportsAsync(run, ReportApi.OpenReports));
    }

    [Fact]
    public async Task Without_a_report_crd_nothing_is_written_and_the_scan_is_not_degraded()
    {
        await using var run = await OperatorRun.StartAsync(await OperatorRun.ChartRbacAsync());
        await run.CreateScanAsync(OperatorRun.ControlNamespace, "cluster", new PostureScanSpec());
        var scan = await run.WaitForCompletedScanAsync(OperatorRun.ControlNamespace, "cluster");

        Assert.Null(scan.Status!.ReportRefs);
        Assert.Equal("False", OperatorRun.Condition(scan, ConditionTypes.Degraded)?.Status);
        Assert.Equal(0, run.Server.Requests.Count(e => e.User == run.ServiceAccountUser && e.Resource.Contains("report", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Turning_reports_off_deletes_the_scans_reports()
    {
        await using var run = await OperatorRun.StartAsync(await OperatorRun.ChartRbacAsync(), await OperatorRun.OpenReportsCrdsAsync());
        await run.CreateScanAsync(OperatorRun.ControlNamespace, "cluster", new PostureScanSpec());
        var scan = await run.WaitForCompletedScanAsync(OperatorRun.ControlNamespace, "cluster");
        Assert.NotEmpty(await ReportsAsync(run, ReportApi.OpenReports));

        scan.Spec.Reporting = new ReportingSpec { Reports = false };
        await run.Admin.ReplaceAsync(ApiResources.PostureScans, scan, TestContext.Current.CancellationToken);
        scan = await run.WaitForCompletedScanAsync(OperatorRun.ControlNamespace, "cluster");
        Assert.Null(scan.Status!.ReportRefs);
        Assert.Empty(await ReportsAsync(run, ReportApi.OpenReports));
    }

    [Fact]
    public async Task A_rescan_rewrites_only_the_reports_whose_content_changed_finding_every_existing_report_across_list_pages()
    {
        // More namespaces than one page of the operator's LIST of existing reports (100).
        var namespaces = string.Join("\n---\n", Enumerable.Range(0, 110).Select(i => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra-{i:D3}"));
        await using var run = await OperatorRun.StartAsync(await OperatorRun.ChartRbacAsync(), await OperatorRun.OpenReportsCrdsAsync() + "\n---\n" + namespaces);
        var ct = TestContext.Current.CancellationToken;
        await run.CreateScanAsync(OperatorRun.ControlNamespace, "cluster", new PostureScanSpec());
        var scan = await run.WaitForCompletedScanAsync(OperatorRun.ControlNamespace, "cluster");
        var all = await ReportsAsync(run, ReportApi.OpenReports);
        Assert.True(all.Count > 110);

        // Status stays small: the 100 reports with the most results, and the count of all.
        Assert.Equal(all.Count, scan.Status!.ReportCount);
        Assert.Equal(PostureScanStatus.MaxReportRefs, scan.Status.ReportRefs!.Count);
        Assert.Equal(all.Select(r => r.Results?.Count ?? 0).OrderDescending().Take(PostureScanStatus.MaxReportRefs), scan.Status.ReportRefs.Select(r => r.Results ?? 0));
        Assert.Contains(scan.Status.ReportRefs, r => r.Kind == "ClusterReport");

        // Someone edits one report: its results are gone.
        var edited = (await ReportsAsync(run, ReportApi.OpenReports)).Single(r => r.Kind == "Report" && r.Metadata.NamespaceProperty == "team-a");
        var results = edited.Results!.Count;
        edited.Results = [];
        await run.Admin.ReplaceAsync(ReportApi.OpenReports.Namespaced, edited, ct);

        var reportRequests = await RescanAsync("1");
        // The unchanged reports are recognised (every page was read) and left alone; the edited one is replaced.
        var writes = reportRequests.Where(e => e.Verb is not "list").ToList();
        var write = Assert.Single(writes, e => e.Verb != "get");
        Assert.Equal(("update", "reports.openreports.io", "team-a"), (write.Verb, write.Resource, write.Namespace));
        Assert.DoesNotContain(writes, e => e.Verb is "create" or "delete");
        Assert.True(reportRequests.Count(e => e.Verb == "list" && e.Resource == "reports.openreports.io") >= 2, string.Join("\n", reportRequests));
        // A report at a version the operator did not write: that kind is read twice (metadata, then whole), in two
        // pages each; the cluster reports it wrote are read once, as metadata.
        Assert.Equal((4, 1), ListsOf(reportRequests));
        var restored = (await ReportsAsync(run, ReportApi.OpenReports)).Single(r => r.Kind == "Report" && r.Metadata.NamespaceProperty == "team-a");
        Assert.Equal(results, restored.Results!.Count);

        // Nothing changed since: every report is at the version the operator wrote, so only metadata pages are read
        // and nothing is written.
        var unchanged = await RescanAsync("2");
        Assert.Equal((2, 1), ListsOf(unchanged));
        Assert.All(unchanged, e => Assert.Equal("list", e.Verb));

        async Task<List<RequestLogEntry>> RescanAsync(string value)
        {
            var from = run.Server.Requests.Entries.Count;
            var current = await run.Admin.GetAsync<PostureScan>(ApiResources.PostureScans, OperatorRun.ControlNamespace, "cluster", ct);
            var completed = current!.Status!.LastScan!.CompletionTime;
            current.Metadata.Annotations = new Dictionary<string, string> { [ApiConstants.RescanAnnotation] = value };
            await run.Admin.ReplaceAsync(ApiResources.PostureScans, current, ct);
            await run.WaitForScanAsync(OperatorRun.ControlNamespace, "cluster", s => s.Status?.LastScan?.CompletionTime != completed && s.Status?.Conditions?.Any(c => c.Type == "Scanning" && c.Status == "False") == true);
            return [.. run.Server.Requests.Entries.Skip(from)
                .Where(e => e.User == run.ServiceAccountUser && e.Resource is "reports.openreports.io" or "clusterreports.openreports.io")];
        }

        static (int Reports, int ClusterReports) ListsOf(List<RequestLogEntry> requests) => (
            requests.Count(e => e.Verb == "list" && e.Resource == "reports.openreports.io"),
            requests.Count(e => e.Verb == "list" && e.Resource == "clusterreports.openreports.io"));
    }

    [Fact]
    public void Report_names_are_unique_per_scan_and_valid_at_any_length()
    {
        Assert.Equal("kubeposture.team-a.weekly", ReportBuilder.ReportName("team-a", "weekly"));
        // Namespace names have no dots, so the segment after the prefix always names the scan's namespace.
        Assert.Equal("kubeposture.team.a.b", ReportBuilder.ReportName("team", "a.b"));
        var longName = new string('x', 253);
        var name = ReportBuilder.ReportName(new string('n', 63), longName);
        Assert.True(name.Length <= ReportBuilder.MaxNameLength);
        Assert.Matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", name);
        Assert.NotEqual(name, ReportBuilder.ReportName(new string('n', 63), longName[..252] + "y"));
    }
}
