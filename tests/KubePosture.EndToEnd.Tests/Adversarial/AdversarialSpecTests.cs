using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s.Models;
using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;
using KubePosture.Operator.Kube;

namespace KubePosture.EndToEnd.Tests.Adversarial;

/// <summary>
/// Issue 15: the hostile inputs that broke the operator, replayed against it on the emulators. Each ends in a bounded,
/// correct status with at most one scan per spec generation, and the operator is quiet afterwards (no loop).
/// </summary>
public sealed class AdversarialSpecTests(AdversarialOperator fixture) : IClassFixture<AdversarialOperator>
{
    private const string Ns = AdversarialOperator.Ns;
    private TestCluster Cluster => fixture.Cluster;
    private OperatorInstance Op => fixture.Operator;

    private static string Raw(string name, string spec, string ns = Ns, string? annotations = null) =>
        $$"""{"apiVersion":"kubeposture.io/v1alpha1","kind":"PostureScan","metadata":{"name":"{{name}}","namespace":"{{ns}}"{{(annotations is null ? "" : $",\"annotations\":{annotations}")}}},"spec":{{spec}}}""";

    [Fact]
    public async Task Repro01_a_cron_with_a_trailing_newline_scans_once_and_schedules_the_next_run()
    {
        var clock = Stopwatch.StartNew();
        await Cluster.CreateRawAsync(Raw("cron-newline", """{"schedule":"0 */6 * * *\n"}"""));
        var scan = await Cluster.WaitForReadyAsync(Ns, "cron-newline");
        clock.Stop();

        Assert.NotNull(scan.Status!.NextScanTime);
        Assert.Equal(0, scan.Status.NextScanTime!.Value.Minute);
        Assert.Equal(0, scan.Status.NextScanTime.Value.Hour % 6);
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "cron-newline", scans: 1);
        Assert.Equal(2, Cluster.StatusWrites(Ns, "cron-newline", TestCluster.OperatorUser));
        Adversary.Report("1", nameof(Repro01_a_cron_with_a_trailing_newline_scans_once_and_schedules_the_next_run), "1", clock);
    }

    [Fact]
    public async Task Repro02_a_failing_scan_is_shown_counted_and_retried_with_its_own_backoff_without_delaying_another_scan()
    {
        await Op.WaitIdleAsync(Cluster);
        var failedBefore = (await Op.MetricsAsync()).Sum("kubeposture_scan_runs_total", ("result", "failed"));
        // Slow requests, so the completion write of hot's first scan can be made to fail once it started.
        Cluster.Server.Faults.Latency = TimeSpan.FromMilliseconds(400);
        var clock = Stopwatch.StartNew();
        await Cluster.CreateAsync(TestCluster.NewScan(Ns, "hot", s => s.Checks = new CheckSelectionSpec { Include = ["pod.privileged"] }));
        await Eventually.Until(() => Adversary.ScansStarted(Op, Ns, "hot") >= 1, "hot's scan started");
        Cluster.Server.Faults.FailNext("update", "posturescans.kubeposture.io/status", 1, 500);
        await Eventually.Until(() => Cluster.Server.Requests.Count(r => r.Name == "hot" && r.Subresource == "status" && r.Code == 500) > 0, "hot's completion write failed");
        Cluster.Server.Faults.Latency = TimeSpan.Zero;

        // Another scan is not slowed down by hot's failure.
        var other = Stopwatch.StartNew();
        await Cluster.CreateAsync(TestCluster.NewScan(Ns, "bystander", s => s.Checks = new CheckSelectionSpec { Include = ["pod.privileged"] }));
        await Cluster.WaitForReadyAsync(Ns, "bystander", timeout: TimeSpan.FromSeconds(10));
        other.Stop();
        Assert.True(other.Elapsed < TimeSpan.FromSeconds(5), $"the bystander took {other.Elapsed}");

        var hot = await Cluster.WaitForReadyAsync(Ns, "hot");
        clock.Stop();
        Adversary.AssertBounded(hot);
        var metrics = await Op.MetricsAsync();
        Assert.Equal(failedBefore + 1, metrics.Sum("kubeposture_scan_runs_total", ("result", "failed")));
        var failedEvent = Assert.Single(await Cluster.EventsAsync(Ns, "hot"), e => e.Reason == ConditionReasons.ScanFailed);
        Assert.Contains("500", failedEvent.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Op.LogLines, l => l.Contains("retrying in", StringComparison.Ordinal) && ExtractDelayMs(l) > 1_000_000);
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "hot");
        // The failed scan and its retry: one generation, one failed attempt, one that completed.
        Assert.Equal(2, Adversary.ScansStarted(Op, Ns, "hot"));
        Adversary.Report("2", nameof(Repro02_a_failing_scan_is_shown_counted_and_retried_with_its_own_backoff_without_delaying_another_scan), "2 (1 failed + 1 retry), bystander 1", clock);
    }

    private static double ExtractDelayMs(string line)
    {
        var at = line.IndexOf("retrying in ", StringComparison.Ordinal);
        var rest = line[(at + "retrying in ".Length)..];
        return double.TryParse(rest.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : 0;
    }

    [Fact]
    public async Task Repro03_an_interval_of_60_days_is_scheduled_without_a_timer_error()
    {
        var clock = Stopwatch.StartNew();
        await Cluster.CreateAsync(TestCluster.NewScan(Ns, "sixty-days", s => { s.Interval = "60d"; s.Checks = new CheckSelectionSpec { Include = ["pod.*"] }; }));
        var scan = await Cluster.WaitForReadyAsync(Ns, "sixty-days");
        clock.Stop();

        Assert.True(scan.Status!.NextScanTime > DateTime.UtcNow.AddDays(59));
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "sixty-days", scans: 1);
        Assert.DoesNotContain(Op.LogLines, l => l.Contains("sixty-days", StringComparison.Ordinal) && l.Contains(" Error ", StringComparison.Ordinal));
        Adversary.Report("3", nameof(Repro03_an_interval_of_60_days_is_scheduled_without_a_timer_error), "1", clock);
    }

    [Fact]
    public async Task Repro04_include_and_exclude_leaving_no_check_is_InvalidSpec_not_a_pass()
    {
        var clock = Stopwatch.StartNew();
        await Cluster.CreateRawAsync(Raw("no-checks", """{"checks":{"include":["pod.privileged"],"exclude":["pod.*"]}}"""));
        var scan = await Cluster.WaitForReadyAsync(Ns, "no-checks", ConditionReasons.InvalidSpec);
        clock.Stop();

        Assert.Contains("spec.checks", TestCluster.Condition(scan, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.Null(scan.Status!.Summary);
        Assert.NotEqual("True", TestCluster.Condition(scan, ConditionTypes.Compliant)?.Status);
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "no-checks", scans: 0);
        Assert.Equal(1, Cluster.StatusWrites(Ns, "no-checks", TestCluster.OperatorUser));
        Adversary.Report("4", nameof(Repro04_include_and_exclude_leaving_no_check_is_InvalidSpec_not_a_pass), "0 (InvalidSpec)", clock);
    }

    [Fact]
    public async Task Repro05a_many_long_invalid_keys_give_one_bounded_InvalidSpec_status()
    {
        var overrides = new JsonObject();
        for (var i = 0; i < 120; i++)
            overrides[new string((char)('a' + (i % 26)), 10_000) + i] = "High";
        var clock = Stopwatch.StartNew();
        await Cluster.CreateRawAsync(Raw("long-keys", new JsonObject { ["severityOverrides"] = overrides }.ToJsonString()));
        var scan = await Cluster.WaitForReadyAsync(Ns, "long-keys", ConditionReasons.InvalidSpec);
        clock.Stop();

        var message = TestCluster.Condition(scan, ConditionTypes.Ready)!.Message;
        Adversary.AssertBounded(scan);
        Assert.Matches(@"and \d+ more$", message);
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "long-keys");
        Assert.Equal(1, Cluster.StatusWrites(Ns, "long-keys", TestCluster.OperatorUser));
        Adversary.Report("5a", nameof(Repro05a_many_long_invalid_keys_give_one_bounded_InvalidSpec_status), "0 (InvalidSpec)", clock);
    }

    [Fact]
    public async Task Repro05b_a_valid_spec_with_hundreds_of_warnings_completes_once_with_a_bounded_message()
    {
        var globs = Enumerable.Range(0, 100).Select(i => $"no-such-namespace-{i:000}-{new string('x', 30)}").ToList();
        var duplicates = Enumerable.Repeat("pod.privileged", 200).ToList();
        var clock = Stopwatch.StartNew();
        await Cluster.CreateAsync(TestCluster.NewScan(Ns, "many-warnings", s =>
        {
            s.Scope = new ScanScope { ExcludeNamespaces = globs };
            s.Checks = new CheckSelectionSpec { Include = duplicates };
        }));
        var scan = await Cluster.WaitForReadyAsync(Ns, "many-warnings");
        clock.Stop();

        Adversary.AssertBounded(scan);
        Assert.Contains("warnings:", TestCluster.Condition(scan, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "many-warnings", scans: 1);
        Assert.Equal(2, Cluster.StatusWrites(Ns, "many-warnings", TestCluster.OperatorUser));
        Adversary.Report("5b", nameof(Repro05b_a_valid_spec_with_hundreds_of_warnings_completes_once_with_a_bounded_message), "1", clock);
    }

    [Fact]
    public async Task Repro06_an_exception_glob_matching_every_check_or_an_invisible_justification_suppresses_nothing()
    {
        var expires = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, spec) in new[]
        {
            ("any-check", $$"""{"checks":["?*"],"justification":"accepted for the whole namespace, ticket SEC-7","expiresAt":"{{expires}}"}"""),
            ("zero-width", $$"""{"checks":["pod.privileged"],"resources":[{"kind":"Pod","name":"privileged"}],"justification":"{{string.Concat(Enumerable.Repeat("\\u200b", 10))}}","expiresAt":"{{expires}}"}"""),
        })
        {
            await Cluster.Api.CreateAsync(ApiResources.PostureExceptions, k8s.KubernetesJson.Deserialize<PostureException>(
                $$"""{"apiVersion":"kubeposture.io/v1alpha1","kind":"PostureException","metadata":{"name":"{{name}}","namespace":"team-a"},"spec":{{spec}}}"""), TestContext.Current.CancellationToken);
        }

        var clock = Stopwatch.StartNew();
        await Cluster.CreateAsync(TestCluster.NewScan("team-a", "tenant-exceptions"));
        var scan = await Cluster.WaitForReadyAsync("team-a", "tenant-exceptions");
        clock.Stop();
        Assert.Equal(0, scan.Status!.Summary!.Suppressed);
        Assert.Contains(scan.Status.TopFindings!, f => f.CheckId == "pod.privileged" && f.Resource.Name == "privileged");
        foreach (var (name, field) in new[] { ("any-check", "spec.checks[0]"), ("zero-width", "spec.justification") })
        {
            var exception = await Eventually.Until(
                () => Cluster.Api.GetAsync<PostureException>(ApiResources.PostureExceptions, "team-a", name, TestContext.Current.CancellationToken),
                e => e?.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready) == true, $"status of {name}");
            var ready = exception!.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
            Assert.Equal(ConditionReasons.InvalidSpec, ready.Reason);
            Assert.Contains(field, ready.Message, StringComparison.Ordinal);
        }

        Adversary.Report("6", nameof(Repro06_an_exception_glob_matching_every_check_or_an_invisible_justification_suppresses_nothing), "1", clock);
    }

    [Fact]
    public async Task Repro09_a_rescan_value_longer_than_the_status_field_rescans_once()
    {
        await Cluster.CreateAsync(TestCluster.NewScan(Ns, "long-rescan", s => s.Checks = new CheckSelectionSpec { Include = ["pod.privileged"] }));
        await Cluster.WaitForReadyAsync(Ns, "long-rescan");
        await Op.WaitIdleAsync(Cluster);
        var writes = Cluster.StatusWrites(Ns, "long-rescan", TestCluster.OperatorUser);

        var value = new string('r', 1500);
        var clock = Stopwatch.StartNew();
        await Cluster.PatchAsync(Ns, "long-rescan", new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["kubeposture.io/rescan"] = value } } }.ToJsonString());
        var scan = await Cluster.WaitForAsync(Ns, "long-rescan", s => s.Status?.LastHandledRescan?.StartsWith("rrrr", StringComparison.Ordinal) == true
            && TestCluster.Condition(s, ConditionTypes.Scanning)?.Status == "False", "the long rescan answered");
        clock.Stop();

        Adversary.AssertBounded(scan);
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "long-rescan", scans: 2);
        Assert.Equal(writes + 2, Cluster.StatusWrites(Ns, "long-rescan", TestCluster.OperatorUser));
        Adversary.Report("9", nameof(Repro09_a_rescan_value_longer_than_the_status_field_rescans_once), "1 per rescan value", clock);
    }

    [Fact]
    public async Task Repro10_a_tenant_exception_with_a_huge_InvalidSpec_message_gets_a_bounded_status_and_the_control_scan_stays_whole()
    {
        var expires = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var checks = new JsonArray([.. Enumerable.Range(0, 100).Select(i => (JsonNode)$"no-such-check-{i:000}-{new string('z', 80)}")]);
        var resources = new JsonArray([.. Enumerable.Range(0, 100).Select(i => (JsonNode)new JsonObject { ["name"] = $"bad name {i} {new string('w', 200)}" })]);
        var spec = new JsonObject { ["checks"] = checks, ["resources"] = resources, ["justification"] = "vendor image, replacement tracked in SEC-1234", ["expiresAt"] = expires };
        await Cluster.Api.CreateAsync(ApiResources.PostureExceptions, k8s.KubernetesJson.Deserialize<PostureException>(
            $$"""{"apiVersion":"kubeposture.io/v1alpha1","kind":"PostureException","metadata":{"name":"huge-invalid","namespace":"team-a"},"spec":{{spec.ToJsonString()}}}"""), TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        await Cluster.CreateAsync(TestCluster.NewScan(Ns, "control-with-huge-exception"));
        var scan = await Cluster.WaitForReadyAsync(Ns, "control-with-huge-exception");
        var exception = await Eventually.Until(
            () => Cluster.Api.GetAsync<PostureException>(ApiResources.PostureExceptions, "team-a", "huge-invalid", TestContext.Current.CancellationToken),
            e => e?.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready) == true, "status of huge-invalid");
        clock.Stop();

        var ready = exception!.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
        Assert.Equal(ConditionReasons.InvalidSpec, ready.Reason);
        Assert.InRange(ready.Message.Length, 1, BoundedText.MaxConditionMessage);
        Assert.Matches(@"and \d+ more$", ready.Message);
        Assert.Equal("False", TestCluster.Condition(scan, ConditionTypes.Degraded)!.Status);
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "control-with-huge-exception", scans: 1);
        Adversary.Report("10", nameof(Repro10_a_tenant_exception_with_a_huge_InvalidSpec_message_gets_a_bounded_status_and_the_control_scan_stays_whole), "1", clock);
    }

    [Fact]
    public async Task Repro12b_a_failed_Event_write_is_logged_and_does_not_make_a_complete_scan_partial()
    {
        await Op.WaitIdleAsync(Cluster);
        Cluster.Server.Faults.FailNext("create", "events", 1, 500);
        var clock = Stopwatch.StartNew();
        await Cluster.CreateAsync(TestCluster.NewScan(Ns, "event-fails", s => s.Checks = new CheckSelectionSpec { Include = ["pod.*"] }));
        var scan = await Cluster.WaitForReadyAsync(Ns, "event-fails");
        clock.Stop();

        Assert.Equal("False", TestCluster.Condition(scan, ConditionTypes.Degraded)!.Status);
        Assert.Contains(Op.LogLines, l => l.Contains("could not record event", StringComparison.Ordinal));
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "event-fails", scans: 1);
        Adversary.Report("12b", nameof(Repro12b_a_failed_Event_write_is_logged_and_does_not_make_a_complete_scan_partial), "1", clock);
    }

    [Fact]
    public async Task Repro13a_a_tenant_namespace_selector_is_refused_as_ScopeRestricted()
    {
        var clock = Stopwatch.StartNew();
        await Cluster.CreateAsync(TestCluster.NewScan("team-a", "selector", s => s.Scope = new ScanScope { NamespaceSelector = new LabelSelectorSpec { MatchLabels = new() { ["team"] = "b" } } }));
        var scan = await Cluster.WaitForReadyAsync("team-a", "selector", ConditionReasons.ScopeRestricted);
        clock.Stop();

        Assert.Contains("spec.scope.namespaceSelector", TestCluster.Condition(scan, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(scan.Status!.TopFindings ?? [], f => f.Resource.Namespace == "team-b");
        await Adversary.AssertQuietAsync(Cluster, Op, "team-a", "selector", scans: 1);
        Adversary.Report("13a", nameof(Repro13a_a_tenant_namespace_selector_is_refused_as_ScopeRestricted), "1", clock);
    }

    [Fact]
    public async Task Repro13b_a_cron_that_fires_two_minutes_apart_only_across_a_leap_day_is_refused()
    {
        var clock = Stopwatch.StartNew();
        await Cluster.CreateAsync(TestCluster.NewScan(Ns, "leap-cron", s => s.Schedule = "0,58 0,3,6,9,12,15,18,21,23 1,29 2,3 *"));
        var scan = await Cluster.WaitForReadyAsync(Ns, "leap-cron", ConditionReasons.InvalidSpec);
        clock.Stop();

        Assert.Contains("fires 2m apart", TestCluster.Condition(scan, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "leap-cron", scans: 0);
        Adversary.Report("13b", nameof(Repro13b_a_cron_that_fires_two_minutes_apart_only_across_a_leap_day_is_refused), "0 (InvalidSpec)", clock);
    }

    [Fact]
    public async Task Repro14_a_spec_turned_invalid_clears_the_summary_top_findings_and_metric_series()
    {
        await Cluster.CreateAsync(TestCluster.NewScan(Ns, "turns-invalid", s => s.Compliance = new ComplianceSpec { Frameworks = ["cis-eks"] }));
        var valid = await Cluster.WaitForReadyAsync(Ns, "turns-invalid");
        Assert.NotNull(valid.Status!.Summary);
        Assert.NotNull(valid.Status.Compliance);
        Assert.Contains((await Op.MetricsAsync()).Named("kubeposture_score"), s => s.Labels.GetValueOrDefault("scan") == "turns-invalid");

        var clock = Stopwatch.StartNew();
        await Cluster.PatchAsync(Ns, "turns-invalid", """{"spec":{"interval":"1m"}}""");
        var invalid = await Cluster.WaitForReadyAsync(Ns, "turns-invalid", ConditionReasons.InvalidSpec);
        clock.Stop();

        Assert.Null(invalid.Status!.Summary);
        Assert.Null(invalid.Status.TopFindings);
        Assert.Null(invalid.Status.Compliance);
        Assert.Null(invalid.Status.NextScanTime);
        Assert.NotEqual("True", TestCluster.Condition(invalid, ConditionTypes.Compliant)?.Status);
        var metrics = await Op.MetricsAsync();
        Assert.DoesNotContain(metrics.Named("kubeposture_score"), s => s.Labels.GetValueOrDefault("scan") == "turns-invalid");
        Assert.DoesNotContain(metrics.Named("kubeposture_findings"), s => s.Labels.GetValueOrDefault("scan") == "turns-invalid");
        Assert.DoesNotContain(metrics.Named("kubeposture_compliance_controls"), s => s.Labels.GetValueOrDefault("scan") == "turns-invalid");
        await Adversary.AssertQuietAsync(Cluster, Op, Ns, "turns-invalid", scans: 1);
        Adversary.Report("14", nameof(Repro14_a_spec_turned_invalid_clears_the_summary_top_findings_and_metric_series), "1 (gen 1), 0 (gen 2 invalid)", clock);
    }
}
