using System.Text.Json;
using System.Text.RegularExpressions;

namespace KubePosture.Chart.Tests;

/// <summary>Dashboards and alerts use only documented metrics; every alert has a runbook.</summary>
public partial class DocsConsistencyTests
{
    [GeneratedRegex(@"\b(kubeposture_[a-z_]+|up(?=\{))")]
    private static partial Regex MetricNameRegex();

    [GeneratedRegex(@"^\| `([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedMetricRegex();

    private static string Doc(string name) => File.ReadAllText(Path.Combine(Tools.RepositoryRoot, "docs", name));

    private static HashSet<string> DocumentedMetrics()
    {
        var documented = DocumentedMetricRegex().Matches(Doc("metrics.md")).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        // Histograms are documented once; their series carry the usual suffixes.
        foreach (var histogram in documented.Where(m => m.EndsWith("_seconds", StringComparison.Ordinal)).ToList())
            documented.UnionWith([histogram + "_bucket", histogram + "_sum", histogram + "_count"]);
        return documented;
    }

    private static IEnumerable<string> MetricsIn(string expression) =>
        MetricNameRegex().Matches(expression).Select(m => m.Groups[1].Value).Distinct();

    [Fact]
    public async Task Alert_rules_use_only_documented_metrics_and_each_has_a_runbook()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Monitoring);
        var documented = DocumentedMetrics();
        var alertsDoc = Doc("alerts.md");
        foreach (var rule in PrometheusRules.Rules(chart))
        {
            var alert = rule.Str("alert")!;
            var metrics = MetricsIn(rule.Str("expr")!).ToList();
            Assert.NotEmpty(metrics);
            Assert.All(metrics, m => Assert.True(documented.Contains(m), $"{alert} uses {m}, which docs/metrics.md does not list"));
            Assert.Contains($"## {alert}\n", alertsDoc, StringComparison.Ordinal);
            Assert.EndsWith("#" + alert.ToLowerInvariant(), rule.Map("annotations").Str("runbook_url"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Dashboard_queries_use_only_documented_metrics()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Dashboard.Path));
        var documented = DocumentedMetrics();
        var expressions = Dashboard.Expressions(dashboard.RootElement);
        Assert.True(expressions.Count >= 15, $"only {expressions.Count} expressions");
        foreach (var expression in expressions)
        {
            var metrics = MetricsIn(expression).ToList();
            Assert.True(metrics.Count > 0, $"no metric recognised in {expression}");
            Assert.All(metrics, m => Assert.True(documented.Contains(m), $"dashboard query uses {m}, which docs/metrics.md does not list: {expression}"));
        }
    }

    [Fact]
    public void Dashboard_panels_have_unique_ids_and_descriptions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Dashboard.Path));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(Dashboard.Panels(dashboard.RootElement), p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString())));
    }
}
