using YamlDotNet.RepresentationModel;

namespace KubePosture.Chart.Tests;

/// <summary>The alert rules as the chart renders them, written out as a plain Prometheus rule file for promtool.</summary>
internal static class PrometheusRules
{
    public static IReadOnlyList<YamlMappingNode> Rules(RenderedChart chart) =>
        chart.Single("PrometheusRule").Spec.Maps("groups").SelectMany(g => g.Maps("rules")).ToList();

    public static string RuleFileText(RenderedChart chart)
    {
        var spec = chart.Single("PrometheusRule").Spec;
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(spec)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
