using System.Text.Json.Nodes;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Catalog.Detection;
using KubePosture.Checks.Catalog.Linked;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// GuardDuty and Inspector through the collector and the AWS emulator: the demo detector watches audit logs but not
/// runtime, Inspector scans ECR, and one active finding names the privileged shop/debug-tools Deployment.
/// </summary>
public sealed class EmulatorDetectionTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    private static WorkloadRecord DebugTools(bool privileged = true) => Build.Workload(
        Build.Spec(Build.Container("tools").With(c => c with { Privileged = privileged })), ns: "shop", name: "debug-tools");

    private static WorkloadRecord Api() => Build.Workload(Build.Spec(Build.Container("api")), ns: "shop", name: "api");

    private Task<ClusterInventory> ReadAsync(params WorkloadRecord[] workloads) =>
        _aws.ReadAsync(Build.Cluster(workloads.Length == 0 ? [DebugTools(), Api()] : workloads), Ct);

    private JsonObject Detector => _aws.Objects("guardduty", "detectors").Single();

    private JsonObject Feature(string name) => Detector["features"]!.AsArray().OfType<JsonObject>().Single(f => f["name"]!.GetValue<string>() == name);

    private JsonObject ActiveFinding => Detector["findings"]!.AsArray().OfType<JsonObject>().First();

    [Fact, Covers("detection.guardduty-audit-off", Outcome.Pass), Covers("detection.guardduty-audit-off", Outcome.Fail),
     Covers("detection.guardduty-runtime-off", Outcome.Pass), Covers("detection.guardduty-runtime-off", Outcome.Fail)]
    public async Task Runtime_monitoring_off_fails_until_enabled_with_a_managed_agent_and_audit_logs_off_fails()
    {
        var as_is = await ReadAsync();
        Run.Passes<GuardDutyAuditOffCheck>(as_is);
        Assert.Contains("neither RUNTIME_MONITORING nor EKS_RUNTIME_MONITORING", Run.FailsOnce<GuardDutyRuntimeOffCheck>(as_is).Message, StringComparison.Ordinal);

        // Enabled without agent management and without the add-on: the agent reaches no node.
        Feature("RUNTIME_MONITORING")["status"] = "ENABLED";
        Assert.Contains("aws-guardduty-agent add-on is not installed", Run.FailsOnce<GuardDutyRuntimeOffCheck>(await ReadAsync()).Message, StringComparison.Ordinal);
        Feature("RUNTIME_MONITORING")["additionalConfiguration"]![0]!["status"] = "ENABLED";
        Run.Passes<GuardDutyRuntimeOffCheck>(await ReadAsync());

        Feature("EKS_AUDIT_LOGS")["status"] = "DISABLED";
        Assert.Contains("EKS_AUDIT_LOGS DISABLED", Run.FailsOnce<GuardDutyAuditOffCheck>(await ReadAsync()).Message, StringComparison.Ordinal);
        Detector["status"] = "DISABLED";
        var suspended = await ReadAsync();
        Assert.Contains("detector is suspended", Run.FailsOnce<GuardDutyAuditOffCheck>(suspended).Message, StringComparison.Ordinal);
        Assert.Contains("detector is suspended", Run.FailsOnce<GuardDutyRuntimeOffCheck>(suspended).Message, StringComparison.Ordinal);
        _aws.Server.Fixture.Section("guardduty")["detectors"] = new JsonArray();
        var none = await ReadAsync();
        Assert.Contains("no detector in the region", Run.FailsOnce<GuardDutyAuditOffCheck>(none).Message, StringComparison.Ordinal);
        Assert.Contains("no detector in the region", Run.FailsOnce<GuardDutyRuntimeOffCheck>(none).Message, StringComparison.Ordinal);
    }

    [Fact, Covers("detection.inspector-ecr-off", Outcome.Pass), Covers("detection.inspector-ecr-off", Outcome.Fail)]
    public async Task Inspector_ecr_scanning_enabled_passes_and_disabled_fails()
    {
        Run.Passes<InspectorEcrOffCheck>(await ReadAsync());
        _aws.Server.Fixture.Section("inspector2")["resourceState"]!["ecr"] = "DISABLED";
        Assert.Equal("DISABLED", Run.FailsOnce<InspectorEcrOffCheck>(await ReadAsync()).Details!["ecrStatus"]);
    }

    [Fact, Covers("detection.guardduty-finding", Outcome.Fail), Covers("detection.guardduty-finding", Outcome.Pass)]
    public async Task The_active_finding_of_this_cluster_is_attached_to_the_workload_it_names_and_archived_or_other_clusters_are_not()
    {
        var f = Run.FailsOnce<GuardDutyFindingCheck>(await ReadAsync());
        Assert.Equal(new ResourceRef("apps/v1", "Deployment", "shop", "debug-tools"), f.Resource);
        Assert.Equal(Severity.High, f.Severity);
        Assert.Equal("PrivilegeEscalation:Kubernetes/PrivilegedContainer", f.Details!["type"]);

        // A workload GuardDuty names that the cluster no longer runs: the finding stays, on the cluster.
        var orphan = Run.FailsOnce<GuardDutyFindingCheck>(await ReadAsync(Api()));
        Assert.Equal(new ResourceRef("eks.amazonaws.com", "Cluster", null, "demo"), orphan.Resource);

        ActiveFinding["archived"] = true;
        Run.Passes<GuardDutyFindingCheck>(await ReadAsync());
    }

    [Fact, Covers("linked.threat-on-risky-workload", Outcome.Fail), Covers("linked.threat-on-risky-workload", Outcome.Pass)]
    public async Task A_threat_on_a_privileged_workload_is_linked_and_on_a_hardened_one_is_not()
    {
        var f = Run.FailsOnce<ThreatOnRiskyWorkloadCheck>(await ReadAsync());
        Assert.Equal("debug-tools", f.Resource.Name);
        Assert.Contains("privileged container tools", f.Message, StringComparison.Ordinal);
        Assert.StartsWith("GuardDuty PrivilegeEscalation:Kubernetes/PrivilegedContainer (0ac6a0e1b2c3d4e5f60718293a4b5c6d) -> Deployment shop/debug-tools", f.Details!["chain"], StringComparison.Ordinal);

        Run.Passes<ThreatOnRiskyWorkloadCheck>(await ReadAsync(DebugTools(privileged: false), Api()));
    }

    [Fact]
    public async Task A_threat_on_a_pod_of_an_exposed_workload_with_an_admin_role_is_linked_to_its_deployment()
    {
        ActiveFinding["resource"]!["kubernetesDetails"]!["kubernetesWorkloadDetails"] = new JsonObject { ["name"] = "api-7d9f8b6c5-xk2p9", ["type"] = "pods", ["namespace"] = "shop" };
        var api = Api();
        var cluster = Build.Cluster([api, DebugTools()],
            serviceAccounts: [new ServiceAccountRecord("shop", "web", false, "arn:aws:iam::111122223333:role/demo-app-irsa")],
            services: [Build.Service("shop", "api", "LoadBalancer", selector: new Dictionary<string, string> { ["app"] = "api" })]);
        var f = Run.FailsOnce<ThreatOnRiskyWorkloadCheck>(await _aws.ReadAsync(cluster, Ct));
        Assert.Equal("api", f.Resource.Name);
        Assert.Contains("exposed by internet-facing LoadBalancer Service shop/api", f.Details!["risks"], StringComparison.Ordinal);
        Assert.True(f.Details!["risks"].Contains("IRSA role demo-app-irsa is an administrator", StringComparison.Ordinal), f.Details!["risks"]);
    }

    [Theory]
    [InlineData("guardduty:GetDetector", "detection.guardduty-runtime-off")]
    [InlineData("guardduty:GetFindings", "detection.guardduty-finding")]
    [InlineData("guardduty:ListFindings", "linked.threat-on-risky-workload")]
    [InlineData("inspector2:BatchGetAccountStatus", "detection.inspector-ecr-off")]
    public async Task A_denied_detection_read_makes_its_checks_not_evaluated(string action, string check)
    {
        _aws.Server.Faults.Inject(action, AwsEmulator.AwsFault.AccessDenied());
        var cluster = Build.Cluster([DebugTools()]);
        var collection = await _aws.CollectAsync(cluster, _aws.NewFactory(), Ct);
        var result = Checks.Engine.CheckEngine.Run([.. Checks.Engine.CheckCatalog.All.Where(c => c.Descriptor.RequiresAws)], cluster.WithAws(collection.Inventory),
            Checks.Engine.CheckSelection.All);
        Assert.StartsWith($"{action} denied", result.ChecksNotEvaluated[check], StringComparison.Ordinal);
        Assert.DoesNotContain(result.Findings, x => x.CheckId == check);
    }
}
