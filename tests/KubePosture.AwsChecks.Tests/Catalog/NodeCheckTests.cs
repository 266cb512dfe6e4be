using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Catalog.Node;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using static KubePosture.AwsChecks.Tests.Support.AwsBuild;

namespace KubePosture.AwsChecks.Tests.Catalog;

public class NodeCheckTests
{
    private static readonly AwsNode Hardened = Node();

    [Fact]
    [Covers("node.imdsv2-optional", Outcome.Pass)]
    public void Imdsv2_required_passes() => Run.Passes<Imdsv2OptionalCheck>(Scan(Inventory(nodes: [Hardened, Node("self-managed", nodegroup: null)])));

    [Fact]
    [Covers("node.imdsv2-optional", Outcome.Fail)]
    public void Imdsv1_allowed_fails_on_the_node_including_self_managed()
    {
        var f = Run.FailsOnce<Imdsv2OptionalCheck>(Scan(Inventory(nodes: [Hardened, Node("sm", Instance("i-sm", httpTokens: "optional"), nodegroup: null)])));
        Assert.Equal(new ResourceRef("v1", "Node", null, "sm"), f.Resource);
        Assert.Equal("i-sm", f.Details!["instanceId"]);
    }

    [Fact]
    [Covers("node.imds-hop-limit", Outcome.Pass)]
    public void Hop_limit_one_passes() => Run.Passes<ImdsHopLimitCheck>(Scan(Inventory(nodes: [Hardened])));

    [Fact]
    [Covers("node.imds-hop-limit", Outcome.Fail)]
    public void Hop_limit_two_fails() =>
        Assert.Equal("2", Run.FailsOnce<ImdsHopLimitCheck>(Scan(Inventory(nodes: [Node(instance: Instance(hopLimit: 2))]))).Details!["hopLimit"]);

    [Fact]
    public void Hop_limit_two_with_the_metadata_endpoint_disabled_passes() =>
        Run.Passes<ImdsHopLimitCheck>(Scan(Inventory(nodes: [Node(instance: Instance(hopLimit: 2) with { MetadataOptions = new Ec2MetadataOptions("optional", 2, "disabled", "applied") })])));

    [Fact]
    [Covers("node.public-ip", Outcome.Pass)]
    public void Private_node_passes() => Run.Passes<PublicIpCheck>(Scan(Inventory(nodes: [Hardened])));

    [Fact]
    [Covers("node.public-ip", Outcome.Fail)]
    public void Public_ip_fails() => Assert.Contains("203.0.113.7", Run.FailsOnce<PublicIpCheck>(Scan(Inventory(nodes: [Node(instance: Instance(publicIp: "203.0.113.7"))]))).Message);

    [Fact]
    [Covers("node.ami-outdated", Outcome.Pass)]
    public void Current_ami_passes_and_self_managed_nodes_are_not_assessed() =>
        Run.Passes<AmiOutdatedCheck>(Scan(Inventory(nodes: [Hardened, Node("sm", nodegroup: null, releaseVersion: "1.0.0-20200101")])));

    [Fact]
    [Covers("node.ami-outdated", Outcome.Fail)]
    public void Outdated_ami_is_one_finding_per_node_group()
    {
        var old = new[] { Node("a", releaseVersion: "1.33.1-20250901"), Node("b", releaseVersion: "1.33.1-20250901") };
        var f = Run.FailsOnce<AmiOutdatedCheck>(Scan(Inventory(nodes: [.. old, Node("c", nodegroup: "ng-2")])));
        Assert.Equal(new ResourceRef("eks.amazonaws.com", "Nodegroup", null, "ng-1"), f.Resource);
        Assert.Equal("2", f.Details!["nodeCount"]);
        Assert.Equal("1.33.1-20251101", f.Details["recommendedReleaseVersion"]);
    }

    [Fact]
    public void Ami_checks_are_not_evaluated_when_ssm_parameters_are_denied() =>
        Assert.StartsWith("ssm:GetParameter denied", Run.NotEvaluated<AmiOutdatedCheck>(Scan(Inventory(nodes: [Hardened], unavailable: [Denied("ssm:GetParameter")]))));

    [Fact]
    [Covers("node.patch-noncompliant", Outcome.Pass)]
    public void Patched_node_passes_and_unmanaged_nodes_are_left_to_unmanaged_by_ssm() =>
        Run.Passes<PatchNoncompliantCheck>(Scan(Inventory(nodes: [Hardened, Node("unmanaged", ssm: false)])));

    [Fact]
    [Covers("node.patch-noncompliant", Outcome.Fail)]
    public void Critical_missing_failed_or_stale_patch_state_fails()
    {
        var critical = Run.FailsOnce<PatchNoncompliantCheck>(Scan(Inventory(nodes: [Node(patchState: PatchState("i-node-1", critical: 2, security: 3, missing: 4, failed: 1))])));
        Assert.Contains("2 critical non-compliant, 3 security non-compliant, 1 failed, 4 missing", critical.Message);
        Assert.Contains("no patch state", Run.FailsOnce<PatchNoncompliantCheck>(Scan(Inventory(nodes: [Node(noPatchState: true)]))).Message);
        Assert.Contains("more than 30 days ago", Run.FailsOnce<PatchNoncompliantCheck>(Scan(Inventory(nodes: [Node(patchState: PatchState("i-node-1", lastOperation: Now.AddDays(-40)))]))).Message);
    }

    [Fact]
    [Covers("node.unmanaged-by-ssm", Outcome.Pass)]
    public void Ssm_online_passes_and_fargate_is_skipped() =>
        Run.Passes<UnmanagedBySsmCheck>(Scan(Inventory(nodes: [Hardened, new AwsNode("fargate-ip-10-0-1-1", null, "us-west-2a", null, null, null, null, null, null, null)])));

    [Fact]
    [Covers("node.unmanaged-by-ssm", Outcome.Fail)]
    public void Unregistered_or_offline_agent_fails()
    {
        var offline = Node("b") with { SsmInstance = SsmOnline("i-b") with { PingStatus = "ConnectionLost" } };
        var findings = Run.Check<UnmanagedBySsmCheck>(Scan(Inventory(nodes: [Node("a", ssm: false), offline])));
        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.Message.Contains("not registered", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Message.Contains("ConnectionLost", StringComparison.Ordinal));
    }
}
