using YamlDotNet.RepresentationModel;

namespace KubePosture.Chart.Tests;

/// <summary>
/// The rendered alert rules pass `promtool check rules`, and `promtool test rules` exercises every alert with a case
/// where it fires and one where it stays silent (promtool/alerts.test.yaml).
/// </summary>
public sealed class PromtoolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubeposture-promtool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string TestFile => Path.Combine(AppContext.BaseDirectory, "promtool", "alerts.test.yaml");

    private async Task<string> WriteRulesAsync(Func<string, string>? mutate = null)
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Monitoring);
        var text = PrometheusRules.RuleFileText(chart);
        await File.WriteAllTextAsync(Path.Combine(_dir, "rules.yaml"), mutate is null ? text : mutate(text), TestContext.Current.CancellationToken);
        File.Copy(TestFile, Path.Combine(_dir, "alerts.test.yaml"), overwrite: true);
        return _dir;
    }

    [Fact]
    public async Task Rendered_rules_pass_promtool_check()
    {
        var dir = await WriteRulesAsync();
        var result = await ProcessRunner.RunAsync(Tools.Promtool, ["check", "rules", "rules.yaml"], dir, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("SUCCESS: 7 rules found", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_alert_unit_test_passes()
    {
        var dir = await WriteRulesAsync();
        var result = await ProcessRunner.RunAsync(Tools.Promtool, ["test", "rules", "alerts.test.yaml"], dir, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("SUCCESS", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("> 0.25", "> 0.75")]
    [InlineData("> 86400", "> 172800")]
    [InlineData("for: 15m", "for: 45m")]
    [InlineData("job=\"kubeposture-metrics\"", "job=\"other\"")]
    public async Task The_unit_tests_notice_a_changed_threshold(string original, string changed)
    {
        var dir = await WriteRulesAsync(text =>
        {
            Assert.Contains(original, text, StringComparison.Ordinal);
            return text.Replace(original, changed, StringComparison.Ordinal);
        });
        var result = await ProcessRunner.RunAsync(Tools.Promtool, ["test", "rules", "alerts.test.yaml"], dir, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode != 0, $"promtool accepted rules with {changed}: {result.Describe()}");
    }

    [Fact]
    public async Task Every_alert_has_a_firing_and_a_silent_test_case()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Monitoring);
        var alerts = PrometheusRules.Rules(chart).Select(r => r.Str("alert")!).ToList();
        var stream = new YamlStream();
        stream.Load(new StringReader(await File.ReadAllTextAsync(TestFile, TestContext.Current.CancellationToken)));
        var cases = ((YamlMappingNode)stream.Documents[0].RootNode).Maps("tests")
            .SelectMany(t => t.Maps("alert_rule_test"))
            .Select(c => (Alert: c.Str("alertname")!, Fires: c.Maps("exp_alerts").Count > 0))
            .ToList();
        foreach (var alert in alerts)
        {
            Assert.True(cases.Any(c => c.Alert == alert && c.Fires), $"{alert} has no test case where it fires");
            Assert.True(cases.Any(c => c.Alert == alert && !c.Fires), $"{alert} has no test case where it stays silent");
        }
    }
}
