using k8s;
using KubePosture.Api;

namespace KubePosture.Chart.Tests;

/// <summary>The PostureScan the chart creates is one the operator accepts: valid spec, within the tenancy rule.</summary>
public class ExampleScanTests
{
    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task The_chart_scan_passes_the_operator_validation(string scenario)
    {
        var result = await RenderedChart.TryRenderAsync([Scenarios.ValuesFile(scenario)], [], TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Describe());
        var document = result.Stdout.Split("\n---", StringSplitOptions.RemoveEmptyEntries).Single(d => d.Contains("kind: PostureScan", StringComparison.Ordinal));
        var scan = KubernetesYaml.Deserialize<PostureScan>(document);

        var issues = PostureScanValidator.Validate(scan.Spec, knownCheckIds: [], knownCategories: [], DateTimeOffset.UnixEpoch.AddYears(57));
        Assert.True(issues.Count == 0, issues.ToMessage());
        Assert.Empty(PostureScanValidator.ValidateScope(scan.Spec, scan.Metadata.NamespaceProperty, controlNamespace: RenderedChart.Namespace));
    }

    [Fact]
    public async Task A_bad_scan_spec_in_values_is_caught_by_the_operator_validation()
    {
        var result = await RenderedChart.TryRenderAsync([], ["scan.spec.interval=1m"], TestContext.Current.CancellationToken);
        var document = result.Stdout.Split("\n---", StringSplitOptions.RemoveEmptyEntries).Single(d => d.Contains("kind: PostureScan", StringComparison.Ordinal));
        var issue = Assert.Single(PostureScanValidator.Validate(KubernetesYaml.Deserialize<PostureScan>(document).Spec, [], [], DateTimeOffset.UnixEpoch));
        Assert.Equal("spec.interval", issue.Field);
    }
}
