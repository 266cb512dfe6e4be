using k8s.Models;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Inventory;
using KubePosture.Inventory.Manifests;

namespace KubePosture.Chart.Tests;

/// <summary>
/// The chart passes the operator's own checks: its rendered manifests, read as the offline scan reads files, give no
/// High or Critical finding. A security tool whose install trips its own alarms would not be trusted.
/// </summary>
public class OfflineScanTests
{
    [Theory]
    [MemberData(nameof(Scenarios.All), MemberType = typeof(Scenarios))]
    public async Task The_rendered_chart_has_no_High_or_Critical_finding(string scenario)
    {
        var rendered = await RenderedChart.TryRenderAsync([Scenarios.ValuesFile(scenario)], [], TestContext.Current.CancellationToken);
        Assert.True(rendered.ExitCode == 0, rendered.Describe());

        var store = new InventoryStore();
        foreach (var ns in new[] { RenderedChart.Namespace, "kube-system" })
            store.Upsert(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = ns } });
        var objects = 0;
        foreach (var entry in ManifestReader.Read(new StringReader(rendered.Stdout), "chart.yaml"))
        {
            Assert.False(entry is ManifestError, entry.ToString());
            if (entry is ManifestObject { Object: var obj })
            {
                store.Upsert(obj);
                objects++;
            }
        }

        Assert.True(objects >= 10, $"only {objects} objects read from the chart");
        var scope = new InventoryScope(new HashSet<string> { RenderedChart.Namespace, "kube-system" }, ClusterScoped: true, Aws: false, IncludesSystemNamespaces: true);
        var inventory = store.Snapshot(scope, new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), CheckSettings.Default, controlPlaneVersion: null);
        var result = CheckEngine.Run(inventory, CheckSelection.All);

        Assert.NotEmpty(result.ChecksRun);
        Assert.True(result.ChecksRun.Any(id => id.StartsWith("pod.", StringComparison.Ordinal)), "no pod check ran over the operator Deployment");
        Assert.True(result.ChecksRun.Any(id => id.StartsWith("rbac.", StringComparison.Ordinal)), "no RBAC check ran over the chart's roles");
        var serious = result.Findings.Where(f => f.Severity >= Severity.High).ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(f => $"{f.Severity} {f.CheckId} {f.Resource}: {f.Message}")));
    }
}
