using KubePosture.Checks.Catalog.NetworkPolicy;
using KubePosture.Checks.Catalog.Node;
using KubePosture.Checks.Catalog.Service;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Catalog;

public class NetworkServiceNodeCheckTests
{
    private static readonly NamespaceRecord TeamA = Namespace("team-a");

    [Fact]
    [Covers("netpol.namespace-missing", Outcome.Pass)]
    public void Namespace_missing_passes_with_any_policy_and_skips_system_namespaces() =>
        Run.Passes<NamespaceMissingCheck>(Cluster(namespaces: [TeamA, Namespace("kube-system")], policies: [Policy("team-a", "p", Selector(("app", "web")))]));

    [Fact]
    [Covers("netpol.namespace-missing", Outcome.Fail)]
    public void Namespace_missing_is_medium_with_workloads_and_low_without()
    {
        var findings = Run.Check<NamespaceMissingCheck>(Cluster([Workload()], namespaces: [TeamA, Namespace("team-b"), Namespace("not-in-scope")]));
        Assert.Equal(Severity.Medium, findings.Single(f => f.Resource.Name == "team-a").Severity);
        Assert.Equal(Severity.Low, findings.Single(f => f.Resource.Name == "team-b").Severity);
        Assert.Equal(2, findings.Count);
    }

    [Fact]
    [Covers("netpol.namespace-missing", Outcome.Fail)]
    public void Namespace_missing_includes_system_namespaces_when_the_scan_does() =>
        Run.FailsOnce<NamespaceMissingCheck>(Cluster(namespaces: [Namespace("kube-system")], scope: ClusterScope() with { IncludesSystemNamespaces = true }));

    [Fact]
    [Covers("netpol.no-default-deny", Outcome.Pass)]
    public void Default_deny_passes_with_empty_selector_for_both_directions() =>
        Run.Passes<NoDefaultDenyCheck>(Cluster(namespaces: [TeamA], policies: [Policy("team-a", "deny-all", LabelSelector.Everything, ingress: true, egress: true)]));

    [Fact]
    [Covers("netpol.no-default-deny", Outcome.Fail)]
    public void Default_deny_for_ingress_only_reports_egress_missing()
    {
        var f = Run.FailsOnce<NoDefaultDenyCheck>(Cluster(namespaces: [TeamA], policies: [Policy("team-a", "deny-in"), Policy("team-a", "web", Selector(("app", "web")), egress: true)]));
        Assert.Equal("Egress", f.Details!["missing"]);
    }

    [Fact]
    [Covers("netpol.no-default-deny", Outcome.Fail)]
    public void Default_deny_needs_an_empty_selector()
    {
        var f = Run.FailsOnce<NoDefaultDenyCheck>(Cluster(namespaces: [TeamA], policies: [Policy("team-a", "web", Selector(("app", "web")), egress: true)]));
        Assert.Equal("Ingress,Egress", f.Details!["missing"]);
    }

    [Fact]
    [Covers("netpol.no-default-deny", Outcome.Fail)]
    public void Default_deny_undone_by_an_allow_everything_rule_is_not_a_deny()
    {
        var f = Run.FailsOnce<NoDefaultDenyCheck>(Cluster(namespaces: [TeamA], policies:
        [
            Policy("team-a", "allow-all-in", LabelSelector.Everything, ingress: true, egress: true, ingressRules: [AllowFrom()],
                egressRules: [new NetworkPolicyRuleRecord([IpPeer("0.0.0.0/0")], ["TCP/443"])]),
        ]));
        Assert.Equal("Ingress", f.Details!["missing"]);
    }

    [Fact]
    [Covers("netpol.pod-unselected", Outcome.Pass)]
    public void Pod_unselected_passes_for_empty_selector_policy() =>
        Run.Passes<PodUnselectedCheck>(Cluster([Workload()], policies: [Policy("team-a", "all", LabelSelector.Everything)]));

    [Fact]
    [Covers("netpol.pod-unselected", Outcome.Pass)]
    public void Pod_unselected_passes_for_matching_expression_selector() =>
        Run.Passes<PodUnselectedCheck>(Cluster([Workload()],
            policies: [Policy("team-a", "web", new LabelSelector(new Dictionary<string, string>(), [new LabelRequirement("app", "In", ["web", "api"])]))]));

    [Fact]
    [Covers("netpol.pod-unselected", Outcome.Fail)]
    public void Pod_unselected_fails_when_only_other_namespaces_or_labels_are_selected() =>
        Run.FailsOnce<PodUnselectedCheck>(Cluster([Workload(), Workload(kind: "DaemonSet", name: "agent").WithSpec(s => s with { HostNetwork = true })],
            policies: [Policy("team-b", "all"), Policy("team-a", "api", Selector(("app", "api")))]));

    [Fact]
    [Covers("netpol.allow-all", Outcome.Pass)]
    public void Allow_all_passes_for_scoped_peers() =>
        Run.Passes<AllowAllCheck>(Cluster(policies:
        [
            Policy("team-a", "scoped", ingressRules:
            [
                AllowFrom(PodPeer(Selector(("app", "frontend")))),
                AllowFrom(NamespacePeer(Selector(("team", "a")))),
                AllowFrom(IpPeer("10.0.0.0/8")),
                AllowFrom(PodPeer(LabelSelector.Everything)),
            ]),
        ]));

    [Theory]
    [InlineData("empty-from")]
    [InlineData("namespace-any")]
    [InlineData("cidr4")]
    [InlineData("cidr6")]
    [Covers("netpol.allow-all", Outcome.Fail)]
    public void Allow_all_fails_for_catch_all_peers(string form)
    {
        var rule = form switch
        {
            "empty-from" => AllowFrom(),
            "namespace-any" => AllowFrom(NamespacePeer(LabelSelector.Everything)),
            "cidr4" => AllowFrom(IpPeer("0.0.0.0/0", "10.0.0.0/8")),
            _ => AllowFrom(IpPeer("::/0")),
        };
        var f = Run.FailsOnce<AllowAllCheck>(Cluster(policies: [Policy("team-a", "open", ingressRules: [AllowFrom(PodPeer(Selector(("a", "b")))), rule])]));
        Assert.Equal("spec.ingress[1].from", f.Details!["field"]);
        Assert.Equal(new ResourceRef("networking.k8s.io/v1", "NetworkPolicy", "team-a", "open"), f.Resource);
    }

    [Fact]
    [Covers("netpol.imds-reachable", Outcome.Pass)]
    public void Imds_blocked_by_egress_policy_with_except() =>
        Run.Passes<ImdsReachableCheck>(Cluster([Workload()], policies:
        [
            Policy("team-a", "egress", ingress: false, egress: true, egressRules: [AllowFrom(IpPeer("0.0.0.0/0", "169.254.169.254/32"))]),
        ]));

    [Fact]
    [Covers("netpol.imds-reachable", Outcome.Pass)]
    public void Imds_blocked_when_egress_allows_only_port_443() =>
        Run.Passes<ImdsReachableCheck>(Cluster([Workload()], policies:
        [
            Policy("team-a", "egress", ingress: false, egress: true, egressRules: [new NetworkPolicyRuleRecord([IpPeer("0.0.0.0/0")], ["TCP/443"])]),
        ]));

    [Fact]
    [Covers("netpol.imds-reachable", Outcome.Fail)]
    public void Imds_reachable_names_the_first_egress_policy_and_rule_that_allow_it_for_every_workload_it_selects()
    {
        var findings = Run.Check<ImdsReachableCheck>(Cluster(
            [Workload(), Workload(name: "api"), Workload(name: "web")],
            policies:
            [
                Policy("team-a", "https-only", LabelSelector.Everything, ingress: false, egress: true, egressRules: [new NetworkPolicyRuleRecord([IpPeer("0.0.0.0/0")], ["TCP/443"])]),
                Policy("team-a", "metadata", LabelSelector.Everything, ingress: false, egress: true,
                    egressRules: [new NetworkPolicyRuleRecord([IpPeer("10.0.0.0/8")], []), AllowFrom(IpPeer("169.254.169.254/32")), AllowFrom(IpPeer("0.0.0.0/0"))]),
            ]));
        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Contains("NetworkPolicy team-a/metadata spec.egress[1] allows", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    [Covers("netpol.imds-reachable", Outcome.Fail)]
    public void Imds_reachable_without_egress_policy_or_with_allow_all_egress()
    {
        var findings = Run.Check<ImdsReachableCheck>(Cluster(
            [Workload(), Workload(name: "api"), Workload(name: "agent").WithSpec(s => s with { HostNetwork = true })],
            policies:
            [
                Policy("team-a", "ingress-only"),
                Policy("team-a", "api-egress", Selector(("app", "api")), ingress: false, egress: true, egressRules: [AllowFrom(IpPeer("169.254.0.0/16"))]),
            ]));
        Assert.Equal(3, findings.Count);
        Assert.Contains("api-egress spec.egress[0]", findings.Single(f => f.Resource.Name == "api").Message, StringComparison.Ordinal);
        Assert.Contains("hostNetwork", findings.Single(f => f.Resource.Name == "agent").Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("svc.internet-exposed", Outcome.Pass)]
    public void Exposure_passes_for_internal_load_balancers_cluster_ip_and_unmatched_selectors() =>
        Run.Passes<InternetExposedCheck>(Cluster([Workload()], services:
        [
            Service("team-a", "internal-lbc", "LoadBalancer", annotations: new Dictionary<string, string> { ["service.beta.kubernetes.io/aws-load-balancer-scheme"] = "internal" }),
            Service("team-a", "internal-legacy", "LoadBalancer", annotations: new Dictionary<string, string> { ["service.beta.kubernetes.io/aws-load-balancer-internal"] = "true" }),
            Service("team-a", "lbc-default", "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb"),
            Service("team-a", "cluster", "ClusterIP"),
            Service("team-a", "other", "LoadBalancer", selector: new Dictionary<string, string> { ["app"] = "nothing" }),
            Service("team-b", "other-ns", "NodePort"),
        ]));

    [Fact]
    [Covers("svc.internet-exposed", Outcome.Fail)]
    public void Exposure_fails_for_public_load_balancers_and_node_ports()
    {
        var findings = Run.Check<InternetExposedCheck>(Cluster([Workload()], services:
        [
            Service("team-a", "public", "LoadBalancer"),
            Service("team-a", "lbc-public", "LoadBalancer", annotations: new Dictionary<string, string> { ["service.beta.kubernetes.io/aws-load-balancer-scheme"] = "internet-facing" }, loadBalancerClass: "service.k8s.aws/nlb"),
            Service("team-a", "ranged", "LoadBalancer", sourceRanges: ["203.0.113.0/24"]),
            Service("team-a", "np", "NodePort"),
        ]));
        Assert.Equal(4, findings.Count);
        Assert.Equal(Severity.Low, findings.Single(f => f.Resource.Name == "ranged").Severity);
        Assert.Equal(Severity.Medium, findings.Single(f => f.Resource.Name == "public").Severity);
        Assert.Contains("Deployment web", findings.Single(f => f.Resource.Name == "np").Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("node.version-skew", Outcome.Pass)]
    public void Skew_passes_within_three_minors() =>
        Run.Passes<VersionSkewCheck>(Cluster(nodes: [Node("a", "v1.34.2-eks-1"), Node("b", "v1.31.0-eks-1")], controlPlaneVersion: "v1.34.1-eks-3"));

    [Fact]
    [Covers("node.version-skew", Outcome.Fail)]
    public void Skew_fails_four_behind_or_newer_than_control_plane()
    {
        var findings = Run.Check<VersionSkewCheck>(Cluster(nodes: [Node("old", "v1.30.9"), Node("new", "v1.35.0"), Node("ok", "v1.33.0")], controlPlaneVersion: "v1.34.1-eks-3"));
        Assert.Equal(["new", "old"], findings.Select(f => f.Resource.Name).Order());
    }

    [Fact]
    [Covers("node.version-skew", Outcome.Fail)]
    public void Skew_before_1_28_allows_two_minors() =>
        Run.FailsOnce<VersionSkewCheck>(Cluster(nodes: [Node("old", "v1.24.9"), Node("ok", "v1.25.0")], controlPlaneVersion: "v1.27.3"));

    [Fact]
    [Covers("node.k8s-unsupported", Outcome.Pass)]
    public void Unsupported_passes_for_versions_in_standard_support_at_scan_time() =>
        Run.Passes<KubernetesUnsupportedCheck>(Cluster(nodes: [Node("a", "v1.34.2-eks-1"), Node("b", "v1.36.0")], controlPlaneVersion: "v1.35.0-eks-1"));

    [Fact]
    [Covers("node.k8s-unsupported", Outcome.Fail)]
    public void Unsupported_compares_the_dated_table_with_scan_time()
    {
        var inv = Cluster(nodes: [Node("a", "v1.33.5-eks-1")], controlPlaneVersion: "v1.33.5-eks-1");
        var findings = Run.Check<KubernetesUnsupportedCheck>(inv);
        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.Resource == KubernetesUnsupportedCheck.ControlPlaneRef);
        Assert.All(findings, f => Assert.Equal("2026-07-29", f.Details!["standardSupportEnd"]));

        // The same cluster scanned on the last day of standard support passes.
        Run.Passes<KubernetesUnsupportedCheck>(Cluster(nodes: [Node("a", "v1.33.5-eks-1")], controlPlaneVersion: "v1.33.5-eks-1", scanTime: new DateTimeOffset(2026, 7, 29, 23, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    [Covers("node.k8s-unsupported", Outcome.Fail)]
    public void Unsupported_versions_older_than_the_table_fail() =>
        Run.FailsOnce<KubernetesUnsupportedCheck>(Cluster(nodes: [Node("ancient", "v1.19.3")]));

    [Fact]
    [Covers("node.stale", Outcome.Pass)]
    public void Stale_passes_without_max_age_or_for_young_nodes()
    {
        Run.Passes<StaleNodeCheck>(Cluster(nodes: [Node("a", created: Now.AddDays(-400))]));
        Run.Passes<StaleNodeCheck>(Cluster(nodes: [Node("a", created: Now.AddDays(-29))], settings: CheckSettings.Default with { MaxNodeAge = TimeSpan.FromDays(30) }));
    }

    [Fact]
    [Covers("node.stale", Outcome.Fail)]
    public void Stale_fails_beyond_max_age()
    {
        var f = Run.FailsOnce<StaleNodeCheck>(Cluster(nodes: [Node("old", created: Now.AddDays(-45)), Node("new")], settings: CheckSettings.Default with { MaxNodeAge = TimeSpan.FromDays(30) }));
        Assert.Equal("45", f.Details!["ageDays"]);
        Assert.Equal(new ResourceRef("v1", "Node", null, "old"), f.Resource);
    }
}
