using System.Text.Json.Nodes;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Catalog.Eks;
using KubePosture.Checks.Catalog.NetworkPolicy;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// Whether NetworkPolicies are enforced, decided from the demo account's vpc-cni add-on configuration (read through the
/// collector and the AWS emulator) and the DaemonSets that run; the netpol.* findings say so when they are not.
/// </summary>
public sealed class EmulatorNetworkPolicyEnforcementTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    private JsonObject VpcCni => _aws.Objects("eks", "clusters").Single(c => c["name"]!.GetValue<string>() == "demo")["addons"]!.AsArray().OfType<JsonObject>()
        .Single(a => a["addonName"]!.GetValue<string>() == "vpc-cni");

    private static WorkloadRecord DaemonSet(string name, string image) =>
        Build.Workload(Build.Spec(Build.Container(name, image: image)), kind: "DaemonSet", ns: "kube-system", name: name);

    private static ClusterInventory Cluster(params WorkloadRecord[] extra) => Build.Cluster(
        [Build.Workload(ns: "team-a", name: "web"), .. extra],
        namespaces: [new NamespaceRecord("team-a", new Dictionary<string, string>())],
        policies: [Build.Policy("team-a", "allow-web", ingress: true)]);

    [Fact, Covers("eks.cni-network-policy-off", Outcome.Fail), Covers("eks.cni-network-policy-off", Outcome.Pass)]
    public async Task Policies_are_not_enforced_until_the_vpc_cni_agent_is_enabled_or_an_enforcing_cni_runs()
    {
        var as_is = await _aws.ReadAsync(Cluster(), Ct);
        var f = Run.FailsOnce<CniNetworkPolicyCheck>(as_is);
        Assert.Equal(Severity.High, f.Severity);
        Assert.Contains("the vpc-cni add-on (v1.18.3-eksbuild.1) does not enable network policy", f.Message, StringComparison.Ordinal);
        Assert.Equal("1", f.Details!["networkPolicies"]);
        // Every netpol.* finding says so.
        var unselected = Run.Check<NoDefaultDenyCheck>(as_is);
        Assert.NotEmpty(unselected);
        Assert.All(unselected, u => Assert.Equal("false", u.Details!["enforced"]));
        Assert.All(unselected, u => Assert.EndsWith("(and NetworkPolicies are not enforced: see eks.cni-network-policy-off)", u.Message, StringComparison.Ordinal));

        // Calico running enforces them whatever the VPC CNI says.
        var calico = await _aws.ReadAsync(Cluster(DaemonSet("calico-node", "docker.io/calico/node:v3.28.0")), Ct);
        Run.Passes<CniNetworkPolicyCheck>(calico);
        Assert.All(Run.Check<NoDefaultDenyCheck>(calico), u => Assert.False(u.Details?.ContainsKey("enforced") ?? false));

        VpcCni["configurationValues"] = """{"enableNetworkPolicy":"true","env":{"ENABLE_PREFIX_DELEGATION":"true"}}""";
        Run.Passes<CniNetworkPolicyCheck>(await _aws.ReadAsync(Cluster(), Ct));
    }

    [Fact]
    public async Task Without_the_managed_vpc_cni_or_a_known_enforcing_cni_it_is_not_evaluated_and_netpol_findings_are_unchanged()
    {
        var addons = _aws.Objects("eks", "clusters").Single(c => c["name"]!.GetValue<string>() == "demo")["addons"]!.AsArray();
        addons.Remove(VpcCni);
        var cluster = await _aws.ReadAsync(Cluster(DaemonSet("aws-node", "602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3")), Ct);
        Assert.Contains("self-managed aws-node", Run.NotEvaluated<CniNetworkPolicyCheck>(cluster), StringComparison.Ordinal);
        Assert.All(Run.Check<NoDefaultDenyCheck>(cluster), u => Assert.DoesNotContain("not enforced", u.Message, StringComparison.Ordinal));
    }
}
