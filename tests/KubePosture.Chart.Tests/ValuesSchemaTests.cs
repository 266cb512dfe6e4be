namespace KubePosture.Chart.Tests;

public class ValuesSchemaTests
{
    [Theory]
    [InlineData("replicaCunt=2", "replicaCunt")]
    [InlineData("replicaCount=0", "replicaCount")]
    [InlineData("image.pullPolicy=Sometimes", "pullPolicy")]
    [InlineData("image.digest=latest", "digest")]
    [InlineData("metrics.port=70000", "port")]
    [InlineData("metrics.serviceMonitor.interval=soon", "interval")]
    [InlineData("scan.name=Cluster_Scan", "name")]
    [InlineData("networkPolicy.metricsFrom=null", "metricsFrom")]
    public async Task The_values_schema_rejects_typos_and_bad_values(string set, string field)
    {
        var result = await RenderedChart.TryRenderAsync([], [set], TestContext.Current.CancellationToken);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(field, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_default_value_is_described_by_the_schema()
    {
        // helm validates values.yaml against values.schema.json on every render; an unknown default key would fail here.
        var result = await RenderedChart.TryRenderAsync([], [], TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Describe());
    }
}
