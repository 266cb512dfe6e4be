namespace KubePosture.Chart.Tests;

public class HelmLintTests
{
    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task Chart_lints_strictly(string scenario)
    {
        var result = await ProcessRunner.RunAsync(
            Tools.Helm, ["lint", "--strict", Tools.ChartPath, "--namespace", RenderedChart.Namespace, "--values", Path.Combine(Tools.ChartPath, Scenarios.ValuesFile(scenario))],
            null, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("0 chart(s) failed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chart_crds_are_the_generated_ones_and_parse()
    {
        var crds = Directory.GetFiles(Path.Combine(Tools.ChartPath, "crds"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["kubeposture.io_postureexceptions.yaml", "kubeposture.io_posturescans.yaml"], crds);
        var result = await ProcessRunner.RunAsync(Tools.Helm, ["show", "crds", Tools.ChartPath], null, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Describe());
        var rendered = RenderedChart.Parse(result.Stdout);
        Assert.Equal(["postureexceptions.kubeposture.io", "posturescans.kubeposture.io"], rendered.OfKind("CustomResourceDefinition").Select(c => c.Name).Order(StringComparer.Ordinal));
    }
}
