using k8s.Models;
using KubePosture.Api;
using KubePosture.Checks.Compliance;
using KubePosture.EndToEnd.Tests.Support;

namespace KubePosture.EndToEnd.Tests;

/// <summary>
/// Compliance through the operator against the Kubernetes emulator: every result kind in status.compliance, the Ready
/// headline, the metrics, and an unknown framework id as InvalidSpec.
/// </summary>
public sealed class ComplianceTests
{
    private const string Ns = TestCluster.ControlNamespace;

    [Fact]
    public async Task Status_metrics_and_ready_message_carry_every_result_kind()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);

        // Both privileged pods are excepted: the PSS privileged control is then excepted, not failed.
        await cluster.CreateAsync(Exception("team-a", "privileged"));
        await cluster.CreateAsync(Exception("team-b", "sidecar-privileged"));
        await cluster.CreateAsync(TestCluster.NewScan(Ns, "cluster", s =>
        {
            s.Compliance = new ComplianceSpec { Frameworks = ["cis-eks", "pss-baseline"] };
            s.Checks = new CheckSelectionSpec { Exclude = ["pod.host-ipc"] };
        }));
        var scan = await cluster.WaitForAsync(Ns, "cluster", s => s.Status?.Compliance is { Count: 2 } && s.Status.Summary?.Suppressed >= 2, "status.compliance with the exceptions applied");
        await op.WaitIdleAsync(cluster);

        var compliance = scan.Status!.Compliance!;
        var cis = compliance[0];
        var pss = compliance[1];
        Assert.Equal(("cis-eks", "1.8.0", "pss-baseline"), (cis.Id, cis.Version, pss.Id));
        var controls = FrameworkCatalog.Find("cis-eks")!.Controls;
        Assert.Equal(controls.Count, cis.Pass + cis.Fail + cis.Excepted + cis.NotEvaluated + cis.Manual + cis.AwsManaged);
        Assert.Equal(controls.Count(c => c.Assessment is ControlAssessment.Manual), cis.Manual);
        Assert.Equal(1, cis.AwsManaged);
        Assert.Contains("4.1.1", cis.FailingControls!); // alice is cluster-admin
        Assert.DoesNotContain("4.2.2", cis.FailingControls!); // nothing shares the host PID namespace: pass
        Assert.True(cis.Pass >= 1, k8s.KubernetesJson.Serialize(cis));
        Assert.True(cis.NotEvaluated >= 2, k8s.KubernetesJson.Serialize(cis)); // 4.2.3 (pod.host-ipc excluded) and the AWS controls
        Assert.DoesNotContain("4.2.1", cis.FailingControls!); // pod.privileged: every finding excepted
        Assert.True(cis.Excepted >= 1, k8s.KubernetesJson.Serialize(cis));
        Assert.True(pss.Excepted >= 1, k8s.KubernetesJson.Serialize(pss)); // privileged
        Assert.InRange(cis.Score!.Value, 0, 99);
        Assert.Equal(cis.Headline, ComplianceHeadline(scan));

        var metrics = PrometheusText.Parse(await op.ScrapeAsync());
        Assert.Equal(cis.Fail, metrics.Sum("kubeposture_compliance_controls", ("scan", "cluster"), ("framework", "cis-eks"), ("result", "fail")));
        Assert.Equal(cis.NotEvaluated, metrics.Sum("kubeposture_compliance_controls", ("framework", "cis-eks"), ("result", "not-evaluated")));
        Assert.Equal(cis.AwsManaged, metrics.Sum("kubeposture_compliance_controls", ("framework", "cis-eks"), ("result", "aws-managed")));
        Assert.Equal(1, Assert.Single(metrics.Where("kubeposture_compliance_control_failing", ("framework", "cis-eks"), ("control", "4.1.1"))).Value);
        Assert.Equal(0, Assert.Single(metrics.Where("kubeposture_compliance_control_failing", ("framework", "cis-eks"), ("control", "4.2.2"))).Value);
        Assert.Empty(metrics.Where("kubeposture_compliance_control_failing", ("control", "3.2.1"))); // manual controls have no series
        Assert.All(metrics.Named("kubeposture_compliance_controls"), s => Assert.Subset(
            new HashSet<string> { "cluster", "scan_namespace", "scan", "framework", "result", "otel_scope_name", "otel_scope_version" }, s.Labels.Keys.ToHashSet()));
        // docs/metrics.md: every series names the cluster, the compliance series too (the dashboard filters them by it).
        Assert.All(metrics.Named("kubeposture_compliance_controls").Concat(metrics.Named("kubeposture_compliance_control_failing")),
            s => Assert.True(s.Labels.ContainsKey("cluster"), string.Join(",", s.Labels)));
    }

    [Fact]
    public async Task An_unknown_framework_is_InvalidSpec_naming_the_closest_id()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster);

        await cluster.CreateAsync(TestCluster.NewScan(Ns, "typo", s => s.Compliance = new ComplianceSpec { Frameworks = ["cis-ekz"] }));
        var scan = await cluster.WaitForReadyAsync(Ns, "typo", ConditionReasons.InvalidSpec);

        var ready = TestCluster.Condition(scan, ConditionTypes.Ready)!;
        Assert.Equal("False", ready.Status);
        Assert.Contains("spec.compliance.frameworks[0] \"cis-ekz\": unknown framework; did you mean \"cis-eks\"?", ready.Message, StringComparison.Ordinal);
        Assert.Null(scan.Status!.Compliance);
    }

    private static string? ComplianceHeadline(PostureScan scan)
    {
        var message = TestCluster.Condition(scan, ConditionTypes.Ready)!.Message;
        var start = message.IndexOf("; cis-eks ", StringComparison.Ordinal);
        return start < 0 ? message : message[(start + 2)..].Split(" (and ", 2)[0];
    }

    private static PostureException Exception(string @namespace, string pod) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"accept-{pod}", NamespaceProperty = @namespace },
        Spec = new PostureExceptionSpec
        {
            Checks = ["pod.privileged"],
            Resources = [new ResourceMatch { Kind = "Pod", Name = pod }],
            Justification = "debug pod accepted until the migration, ticket SEC-7",
            ExpiresAt = DateTime.UtcNow.AddDays(30),
        },
    };
}
