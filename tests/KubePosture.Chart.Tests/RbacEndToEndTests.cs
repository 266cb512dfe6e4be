using System.Text.Json.Nodes;
using k8s.Models;
using KubePosture.Api;
using KubePosture.KubeEmulator;
using KubePosture.Operator.Kube;
using KubePosture.Operator.Reports;

namespace KubePosture.Chart.Tests;

/// <summary>
/// The chart's RBAC is minimal, proven against the emulator with the operator running as the chart's ServiceAccount:
/// a full scan life cycle gets no 403 and uses every verb granted; and without any one resource of the ClusterRole
/// the problem shows up, on the scan as Degraded naming it where the operator can still write the scan.
/// </summary>
[Collection(OperatorRun.Collection)]
public class RbacEndToEndTests
{
    internal static readonly string ExceptionYaml = """
        apiVersion: kubeposture.io/v1alpha1
        kind: PostureException
        metadata: {name: debug-pod, namespace: team-a}
        spec:
          checks: [pod.host-path]
          resources: [{kind: Pod, name: debug}]
          justification: Break-glass debugging pod, removed by the end of the incident INC-42.
          expiresAt: "2099-01-01T00:00:00Z"
        """;

    private static async Task<string> ReportCrdsAsync()
    {
        var openReports = await OperatorRun.OpenReportsCrdsAsync();
        return openReports + "\n---\n" + OperatorRun.AsPolicyReportCrds(openReports);
    }

    [Fact]
    public async Task A_full_scan_life_cycle_as_the_chart_service_account_gets_no_403_and_uses_every_granted_verb()
    {
        var rbac = await OperatorRun.ChartRbacAsync();
        var openReports = await OperatorRun.OpenReportsCrdsAsync();
        // With both report APIs served (openreports.io written, the other cleaned), then with only wgpolicyk8s.io.
        var requests = await LifeCycleAsync(rbac, openReports + "\n---\n" + OperatorRun.AsPolicyReportCrds(openReports), "openreports.io");
        requests.AddRange(await LifeCycleAsync(rbac, OperatorRun.AsPolicyReportCrds(openReports), "wgpolicyk8s.io"));

        var forbidden = requests.Where(e => e.Code == 403).Select(e => e.ToString()).ToList();
        Assert.True(forbidden.Count == 0, "403s: " + string.Join("\n", forbidden));
        var used = requests.Where(e => e.Code < 400 || e.Code == 409).Select(e => $"{Key(e.Resource, e.Subresource)} {e.Verb}").ToHashSet();
        var unused = Granted(rbac).ToHashSet().Except(used).Order(StringComparer.Ordinal).ToList();
        Assert.True(unused.Count == 0, "granted but never used: " + string.Join(", ", unused) + "\nused: " + string.Join(", ", used.Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// Create a cluster and a tenant scan, change the cluster (findings change), narrow the scope (a report goes),
    /// delete both scans (finalizers); returns the operator's requests.
    /// </summary>
    private static async Task<List<RequestLogEntry>> LifeCycleAsync(List<JsonObject> rbac, string crds, string reportGroup)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = await OperatorRun.StartAsync(rbac, crds + "\n---\n" + ExceptionYaml);
        // A write conflict on each status makes the operator re-read (get) as it does under contention.
        run.Server.Faults.FailNext("update", "posturescans.kubeposture.io/status", 1, 409);
        run.Server.Faults.FailNext("update", "postureexceptions.kubeposture.io/status", 1, 409);

        // Reports left by deleted scans of the same names (another scan uid): the operator's create conflicts, so it
        // reads each object (get) and takes it over.
        var leftoverApi = reportGroup == "openreports.io" ? ReportApi.OpenReports : ReportApi.PolicyReports;
        async Task LeaveReportAsync(Runtime.Client.ResourceType type, string? @namespace, string name) =>
            await run.Admin.CreateAsync(type, new ReportObject
            {
                ApiVersion = type.ApiVersion,
                Kind = type.Kind,
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = new Dictionary<string, string> { [ReportLabels.ScanUid] = "uid-of-a-deleted-scan" } },
            }, ct);
        var leftoverName = ReportBuilder.ReportName("team-a", "team-a");
        await LeaveReportAsync(leftoverApi.Namespaced, "team-a", leftoverName);
        await LeaveReportAsync(leftoverApi.Cluster, null, ReportBuilder.ReportName(OperatorRun.ControlNamespace, "cluster"));

        await run.CreateScanAsync(OperatorRun.ControlNamespace, "cluster", new PostureScanSpec());
        var tenant = await run.CreateScanAsync("team-a", "team-a", new PostureScanSpec());
        var cluster = await run.WaitForCompletedScanAsync(OperatorRun.ControlNamespace, "cluster");
        await run.WaitForCompletedScanAsync("team-a", "team-a");
        var adopted = await run.Admin.GetAsync<ReportObject>(leftoverApi.Namespaced, "team-a", leftoverName, ct);
        Assert.Equal(tenant.Metadata.Uid, adopted?.Metadata.Labels?[ReportLabels.ScanUid]);
        var degraded = OperatorRun.Condition(cluster, ConditionTypes.Degraded);
        Assert.True(degraded?.Status == "False", $"Degraded {degraded?.Status}: {degraded?.Message}");
        Assert.All(cluster.Status!.ReportRefs!, r => Assert.StartsWith(reportGroup + "/", r.ApiVersion, StringComparison.Ordinal));
        Assert.Contains(cluster.Status.ReportRefs!, r => r.Namespace == "team-b");

        // Findings change in a namespace and cluster-wide (reports updated); team-b leaves the scope (its report goes).
        await run.Admin.DeleteAsync(new Runtime.Client.ResourceType("", "v1", "pods", "Pod", true), "team-a", "debug", ct);
        await run.Admin.DeleteAsync(new Runtime.Client.ResourceType("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false), null, "ci-admin", ct);
        cluster.Spec.Scope = new ScanScope { ExcludeNamespaces = ["team-b"] };
        await run.Admin.ReplaceAsync(ApiResources.PostureScans, cluster, ct);
        cluster = await run.WaitForCompletedScanAsync(OperatorRun.ControlNamespace, "cluster");
        Assert.DoesNotContain(cluster.Status!.ReportRefs!, r => r.Namespace == "team-b");

        await run.Admin.DeleteAsync(ApiResources.PostureScans, "team-a", "team-a", ct);
        await run.Admin.DeleteAsync(ApiResources.PostureScans, OperatorRun.ControlNamespace, "cluster", ct);
        await run.WaitForScanGoneAsync("team-a", "team-a");
        await run.WaitForScanGoneAsync(OperatorRun.ControlNamespace, "cluster");
        // A graceful stop releases the Lease (get, then update): the life cycle is then complete even when it ran
        // faster than one lease renewal.
        await run.App.StopAsync(ct);
        var mine = run.Server.Requests.Entries.Where(e => e.User == run.ServiceAccountUser && e.IsResourceRequest).ToList();
        Assert.True(mine.Count > 0);
        return mine;
    }

    /// <summary>Each resource of each rule of the operator's ClusterRole, removed one at a time.</summary>
    public static TheoryData<string> ClusterRoleResources()
    {
        var rbac = OperatorRun.ChartRbacAsync().GetAwaiter().GetResult();
        var data = new TheoryData<string>();
        foreach (var (group, resource) in OperatorRules(rbac).SelectMany(r => r.Resources.Select(x => (r.Group, x))).Distinct())
        {
            data.Add($"{resource}{(group.Length == 0 ? "" : "." + group)}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ClusterRoleResources))]
    public async Task Without_any_one_granted_resource_the_scan_reports_what_is_missing(string resource)
    {
        var rbac = Without(await OperatorRun.ChartRbacAsync(), resource);
        var selfNamed = resource is "posturescans.kubeposture.io" or "postureexceptions.kubeposture.io" or "posturescans/status.kubeposture.io";
        await using var run = await OperatorRun.StartAsync(rbac, await ReportCrdsAsync() + "\n---\n" + ExceptionYaml, waitUntilRunning: !selfNamed);
        await run.CreateScanAsync(OperatorRun.ControlNamespace, "cluster", new PostureScanSpec());
        var plural = resource.Split('.')[0];

        if (!selfNamed)
        {
            var scan = await run.WaitForCompletedScanAsync(OperatorRun.ControlNamespace, "cluster");
            var degraded = OperatorRun.Condition(scan, ConditionTypes.Degraded);
            Assert.True(degraded?.Status == "True", $"without {resource}: Degraded is {degraded?.Status} ({degraded?.Message})");
            Assert.Equal(ConditionReasons.SourceForbidden, degraded!.Reason);
            Assert.Contains(plural.Split('/')[0], degraded.Message, StringComparison.Ordinal);
            return;
        }

        // Without these the operator cannot read or write the PostureScan at all, so the scan cannot carry the message:
        // the operator reports not ready naming the cache (readiness probe), or fails the reconcile (metrics, log).
        var saw403 = await run.WaitForForbiddenAsync(plural);
        Assert.True(saw403, $"no 403 on {resource}");
        if (plural is "posturescans" or "postureexceptions")
        {
            using var http = new HttpClient();
            var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{run.HealthPort}/readyz"), TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains(plural, await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        else
        {
            var scan = await run.Admin.GetAsync<PostureScan>(ApiResources.PostureScans, OperatorRun.ControlNamespace, "cluster", TestContext.Current.CancellationToken);
            Assert.Null(OperatorRun.Condition(scan!, ConditionTypes.Ready));
        }
    }

    private static string Key(string resource, string subresource) => subresource.Length == 0 ? resource : $"{resource}/{subresource}";

    private sealed record Rule(string Group, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs);

    private static IEnumerable<Rule> RulesOf(JsonObject role) =>
        role["rules"]!.AsArray().Select(r => r!.AsObject()).SelectMany(r => r["apiGroups"]!.AsArray().Select(g => new Rule(
            g!.GetValue<string>(),
            [.. r["resources"]!.AsArray().Select(x => x!.GetValue<string>())],
            [.. r["verbs"]!.AsArray().Select(x => x!.GetValue<string>())])));

    private static IEnumerable<Rule> OperatorRules(List<JsonObject> rbac) =>
        RulesOf(rbac.Single(o => o["kind"]!.GetValue<string>() == "ClusterRole" && o["metadata"]!["name"]!.GetValue<string>() == "kubeposture"));

    /// <summary>(resource[.group][/sub]) verb pairs the operator's ClusterRole and Roles grant.</summary>
    private static IEnumerable<string> Granted(List<JsonObject> rbac) =>
        rbac.Where(o => o["kind"]!.GetValue<string>() is "Role" || (o["kind"]!.GetValue<string>() == "ClusterRole" && o["metadata"]!["name"]!.GetValue<string>() == "kubeposture"))
            .SelectMany(RulesOf)
            .SelectMany(r => r.Resources.SelectMany(res => r.Verbs.Select(v =>
            {
                var parts = res.Split('/');
                var name = r.Group.Length == 0 ? parts[0] : $"{parts[0]}.{r.Group}";
                return $"{Key(name, parts.Length > 1 ? parts[1] : "")} {v}";
            })));

    /// <summary>The RBAC with one resource ("pods", "deployments.apps", "posturescans/status.kubeposture.io") taken out of the operator's ClusterRole.</summary>
    private static List<JsonObject> Without(List<JsonObject> rbac, string resource)
    {
        var dot = resource.IndexOf('.', StringComparison.Ordinal);
        var (plural, group) = dot < 0 ? (resource, "") : (resource[..dot], resource[(dot + 1)..]);
        var role = rbac.Single(o => o["kind"]!.GetValue<string>() == "ClusterRole" && o["metadata"]!["name"]!.GetValue<string>() == "kubeposture");
        var rules = role["rules"]!.AsArray();
        var removed = 0;
        foreach (var rule in rules.Select(r => r!.AsObject()).Where(r => r["apiGroups"]!.AsArray().Any(g => g!.GetValue<string>() == group)).ToList())
        {
            var resources = rule["resources"]!.AsArray();
            foreach (var node in resources.Where(n => n!.GetValue<string>() == plural).ToList())
            {
                resources.Remove(node);
                removed++;
            }

            if (resources.Count == 0)
            {
                rules.Remove(rule);
            }
        }

        Assert.True(removed > 0, $"{resource} is not in the ClusterRole");
        return rbac;
    }
}
