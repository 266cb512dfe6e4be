using System.Net;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Semantics;

public class NetworkPolicySelectionTests
{
    [Fact]
    public void Empty_pod_selector_selects_every_pod_of_its_namespace_only()
    {
        var policies = new[] { Policy("team-a", "all", LabelSelector.Everything, ingress: true, egress: false) };
        Assert.True(NetworkPolicySelection.IsolatedForIngress(policies, Workload()));
        Assert.False(NetworkPolicySelection.IsolatedForEgress(policies, Workload()));
        Assert.False(NetworkPolicySelection.IsolatedForIngress(policies, Workload(ns: "team-b")));
    }

    [Fact]
    public void Isolation_needs_a_selecting_policy_with_that_type()
    {
        var policies = new[]
        {
            Policy("team-a", "web-egress", Selector(("app", "web")), ingress: false, egress: true),
            Policy("team-a", "api-ingress", Selector(("app", "api")), ingress: true),
        };
        Assert.False(NetworkPolicySelection.IsolatedForIngress(policies, Workload()));
        Assert.True(NetworkPolicySelection.IsolatedForEgress(policies, Workload()));
    }

    [Theory]
    [InlineData("169.254.169.254/32", true)]
    [InlineData("169.254.0.0/16", true)]
    [InlineData("0.0.0.0/0", true)]
    [InlineData("10.0.0.0/8", false)]
    [InlineData("169.254.169.255/32", false)]
    [InlineData("::/0", false)]
    [InlineData("not-a-cidr", false)]
    public void Cidr_containment(string cidr, bool contains) =>
        Assert.Equal(contains, NetworkPolicySelection.CidrContains(cidr, IPAddress.Parse("169.254.169.254")));

    [Fact]
    public void IpBlock_except_removes_addresses() =>
        Assert.False(NetworkPolicySelection.IpBlockContains(IpPeer("0.0.0.0/0", "169.254.0.0/16"), IPAddress.Parse("169.254.169.254")));

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "TCP/443" }, false)]
    [InlineData(new[] { "443", "80" }, true)]
    [InlineData(new[] { "UDP/80" }, false)]
    [InlineData(new[] { "TCP/1-1024" }, true)]
    [InlineData(new[] { "80/TCP" }, true)]
    [InlineData(new[] { "TCP/http" }, true)]
    public void Ports_admit_tcp_80(string[] ports, bool allowed) => Assert.Equal(allowed, NetworkPolicySelection.PortsAllow(ports, 80));

    [Fact]
    public void Peers_selecting_pods_only_are_not_all_peers()
    {
        Assert.False(NetworkPolicySelection.IsAllPeers(PodPeer(LabelSelector.Everything)));
        Assert.False(NetworkPolicySelection.IsAllPeers(NamespacePeer(LabelSelector.Everything, Selector(("app", "x")))));
        Assert.True(NetworkPolicySelection.IsAllPeers(NamespacePeer(LabelSelector.Everything, LabelSelector.Everything)));
    }
}
