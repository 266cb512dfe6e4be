using System.Text.Json;

namespace KubePosture.Chart.Tests;

public class MonitoringTests
{
    [Fact]
    public async Task Monitoring_objects_are_off_by_default()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults);
        Assert.Empty(chart.OfKind("ServiceMonitor"));
        Assert.Empty(chart.OfKind("PrometheusRule"));
        Assert.Empty(chart.OfKind("ConfigMap"));
        Assert.Single(chart.OfKind("Service"));
    }

    [Fact]
    public async Task The_service_monitor_selects_the_metrics_service_and_port()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Monitoring);
        var monitor = chart.Single("ServiceMonitor");
        Assert.Equal("prometheus", monitor.Metadata.StringMap("labels")["release"]);
        var service = chart.Single("Service");
        var serviceLabels = service.Metadata.StringMap("labels");
        Assert.All(monitor.Spec.Map("selector").StringMap("matchLabels"), kv => Assert.Equal(kv.Value, serviceLabels.GetValueOrDefault(kv.Key)));
        var endpoint = Assert.Single(monitor.Spec.Maps("endpoints"));
        Assert.Equal(("metrics", "/metrics"), (endpoint.Str("port"), endpoint.Str("path")));
        Assert.Contains(service.Spec.Maps("ports"), p => p.Str("name") == "metrics");
        Assert.Equal([RenderedChart.Namespace], monitor.Spec.Map("namespaceSelector").Strings("matchNames"));
    }

    [Fact]
    public async Task The_prometheus_rule_carries_the_six_alerts_bound_to_this_release()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Monitoring, "metrics.prometheusRule.scanStaleSeconds=43200");
        var rules = PrometheusRules.Rules(chart);
        Assert.Equal(["CriticalFindingsPresent", "ComplianceControlRegressed", "ScanFailing", "ScanStale", "AwsAccessDegraded", "SecurityHubExportFailing", "OperatorAbsent"], rules.Select(r => r.Str("alert")));
        // Alerts on kubeposture series are per cluster and say which (OperatorAbsent has no series to take it from).
        Assert.All(rules.Where(r => r.Str("alert") != "OperatorAbsent"), r =>
        {
            Assert.Contains("cluster", r.Str("expr"), StringComparison.Ordinal);
            Assert.StartsWith("Cluster {{ $labels.cluster }}:", r.Map("annotations").Str("summary"), StringComparison.Ordinal);
        });
        Assert.Contains("up{job=\"kubeposture-metrics\"}", rules.Single(r => r.Str("alert") == "OperatorAbsent").Str("expr"), StringComparison.Ordinal);
        Assert.Contains("> 43200", rules.Single(r => r.Str("alert") == "ScanStale").Str("expr"), StringComparison.Ordinal);
        Assert.DoesNotContain("__", chart.Single("PrometheusRule").Spec.ToString(), StringComparison.Ordinal);
        Assert.All(rules, r => Assert.StartsWith("https://", r.Map("annotations").Str("runbook_url"), StringComparison.Ordinal));
        Assert.All(rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Map("annotations").Str("summary"))));
    }

    [Fact]
    public async Task The_cluster_name_and_external_labels_reach_the_operator_and_the_service_monitor()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Monitoring, "clusterName=prod-eu-1", "metrics.serviceMonitor.externalLabels.region=eu-west-1",
            "metrics.serviceMonitor.externalLabels.environment=prod");
        var env = chart.Single("Deployment").Spec.Map("template").Map("spec").Maps("containers")[0].Maps("env");
        Assert.Contains(env, e => e.Str("name") == "KUBEPOSTURE_CLUSTER_NAME" && e.Str("value") == "prod-eu-1");
        var endpoint = Assert.Single(chart.Single("ServiceMonitor").Spec.Maps("endpoints"));
        var relabelings = endpoint.Maps("relabelings").Select(r => (r.Str("action"), r.Str("targetLabel"), r.Str("replacement"))).ToList();
        Assert.Equal([("replace", "environment", "prod"), ("replace", "region", "eu-west-1")], relabelings);

        var defaults = await Scenarios.RenderAsync(Scenarios.Monitoring);
        Assert.DoesNotContain(defaults.Single("Deployment").Spec.Map("template").Map("spec").Maps("containers")[0].Maps("env"), e => e.Str("name") == "KUBEPOSTURE_CLUSTER_NAME");
        Assert.Null(Assert.Single(defaults.Single("ServiceMonitor").Spec.Maps("endpoints")).Get("relabelings"));
    }

    [Fact]
    public async Task The_dashboard_has_a_cluster_variable_every_kubeposture_query_honours_and_a_fleet_overview()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Dashboard.Path, TestContext.Current.CancellationToken));
        var variables = dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
        Assert.Contains("cluster", variables);
        Assert.All(Dashboard.Expressions(dashboard.RootElement).Where(e => e.Contains("kubeposture_", StringComparison.Ordinal) && !e.StartsWith("label_values(kubeposture_leader", StringComparison.Ordinal)),
            e => Assert.Contains("cluster=~\"$cluster\"", e, StringComparison.Ordinal));
        var first = dashboard.RootElement.GetProperty("panels")[0];
        Assert.Equal(("row", "Fleet overview"), (first.GetProperty("type").GetString(), first.GetProperty("title").GetString()));
        var titles = Dashboard.Panels(dashboard.RootElement).Select(p => p.GetProperty("title").GetString()).ToList();
        Assert.Contains("Clusters by score", titles);
        Assert.Contains("Worst controls across the fleet", titles);
    }

    [Fact]
    public async Task The_dashboard_config_map_is_picked_up_by_the_grafana_sidecar_and_is_valid_json()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Monitoring);
        var map = chart.Single("ConfigMap");
        Assert.Equal("1", map.Metadata.StringMap("labels")["grafana_dashboard"]);
        var json = map.Root.StringMap("data")["kubeposture.json"];
        using var dashboard = JsonDocument.Parse(json);
        Assert.Equal("kubeposture-overview", dashboard.RootElement.GetProperty("uid").GetString());
        var titles = Dashboard.Panels(dashboard.RootElement).Select(p => p.GetProperty("title").GetString()).ToList();
        foreach (var title in new[] { "Score", "Findings by severity", "Findings by category", "Findings by namespace", "Top failing checks", "Scans by result", "AWS requests by service and outcome" })
            Assert.Contains(title, titles);
        Assert.NotEmpty(Dashboard.Expressions(dashboard.RootElement));

        var elsewhere = await Scenarios.RenderAsync(Scenarios.Monitoring, "metrics.dashboard.namespace=grafana");
        Assert.Equal("grafana", elsewhere.Single("ConfigMap").Namespace);
    }
}

/// <summary>Reads the panels and PromQL expressions of the chart's dashboard.</summary>
internal static class Dashboard
{
    public static string Path => System.IO.Path.Combine(Tools.ChartPath, "files", "dashboard.json");

    public static IEnumerable<JsonElement> Panels(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row");

    public static IReadOnlyList<string> Expressions(JsonElement dashboard)
    {
        var expressions = Panels(dashboard)
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        expressions.AddRange(dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query")
            .Select(v => v.GetProperty("query").GetProperty("query").GetString()!));
        return expressions;
    }
}
