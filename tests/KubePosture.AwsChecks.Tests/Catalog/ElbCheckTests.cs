using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Catalog.Elb;
using KubePosture.Checks.Compliance;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;
using static KubePosture.AwsChecks.Tests.Support.ElbBuild;
using static KubePosture.Checks.Tests.Support.IngressBuild;

namespace KubePosture.AwsChecks.Tests.Catalog;

/// <summary>The elb.* checks over built load balancers: each names the Ingress or Service the load balancer serves.</summary>
public class ElbCheckTests
{
    private static ClusterInventory With(params Elbv2LoadBalancer[] loadBalancers) =>
        AwsBuild.Scan(AwsBuild.Inventory() with { LoadBalancers = loadBalancers }, workloads: [Build.Workload()], services: [Build.Service("team-a", "web", "ClusterIP")])
            .WithIngresses(Ingress(hostnames: [DnsName("k8s-teama-web-0123456789")]));

    [Fact, Covers("elb.http-without-redirect", Outcome.Fail)]
    public void An_internet_facing_alb_forwarding_plain_http_fails_and_names_the_ingress_it_serves()
    {
        var f = Run.FailsOnce<HttpWithoutRedirectCheck>(With(LoadBalancer(listeners: [Forward(), Https()])));
        Assert.Equal(new ResourceRef("elasticloadbalancing.amazonaws.com", "LoadBalancer", null, "k8s-teama-web-0123456789"), f.Resource);
        Assert.Equal("internet-facing Application Load Balancer k8s-teama-web-0123456789 (serving Ingress team-a/web) has an HTTP listener on port 80 whose default action (forward) is not a redirect to HTTPS", f.Message);
        Assert.Equal(("Ingress team-a/web", "80", "forward"), (f.Details!["serves"], f.Details["port"], f.Details["defaultAction"]));
        // A redirect to another HTTP port is no redirect to HTTPS.
        Run.FailsOnce<HttpWithoutRedirectCheck>(With(LoadBalancer(listeners: [new Elbv2Listener("arn:l", 8080, "HTTP", null, [], [new Elbv2Action("redirect", "HTTP", "80")])])));
    }

    [Fact, Covers("elb.http-without-redirect", Outcome.Pass)]
    public void A_redirect_to_https_an_internal_alb_or_a_network_load_balancer_passes() =>
        Run.Passes<HttpWithoutRedirectCheck>(With(
            LoadBalancer(),
            LoadBalancer("internal-one", scheme: "internal", listeners: [Forward()]),
            LoadBalancer("nlb", type: "network", listeners: [Forward(protocol: "TCP")])));

    [Fact, Covers("elb.weak-tls-policy", Outcome.Fail)]
    public void A_listener_policy_allowing_tls_below_1_2_fails_and_says_which_version()
    {
        var f = Run.FailsOnce<WeakTlsPolicyCheck>(With(LoadBalancer(listeners: [Https("ELBSecurityPolicy-2016-08")])));
        Assert.Contains("security policy ELBSecurityPolicy-2016-08, which allows TLS 1.0", f.Message, StringComparison.Ordinal);
        Assert.Equal((Severity.Medium, "ELBSecurityPolicy-2016-08"), (f.Severity, f.Details!["sslPolicy"]));
        Assert.Equal(Severity.Low, Run.FailsOnce<WeakTlsPolicyCheck>(With(LoadBalancer(scheme: "internal", listeners: [Https("ELBSecurityPolicy-TLS13-1-1-2021-06")]))).Severity);
        Assert.Contains("allows TLS 1.1", Run.FailsOnce<WeakTlsPolicyCheck>(With(LoadBalancer("nlb", type: "network", listeners: [Https("ELBSecurityPolicy-TLS-1-1-2017-01", protocol: "TLS")]))).Message, StringComparison.Ordinal);
        Assert.Equal("is not a policy known to require TLS 1.2 or later", WeakTlsPolicyCheck.Weakness("ELBSecurityPolicy-Custom"));
        Assert.Equal("allows TLS 1.0", WeakTlsPolicyCheck.Weakness("ELBSecurityPolicy-FS-2018-06"));
    }

    [Theory, Covers("elb.weak-tls-policy", Outcome.Pass)]
    [InlineData("ELBSecurityPolicy-TLS13-1-2-2021-06")]
    [InlineData("ELBSecurityPolicy-TLS13-1-3-2021-06")]
    [InlineData("ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04")]
    [InlineData("ELBSecurityPolicy-TLS-1-2-Ext-2018-06")]
    [InlineData("ELBSecurityPolicy-FS-1-2-Res-2020-10")]
    public void Policies_requiring_tls_1_2_or_later_pass_and_plain_http_listeners_have_no_policy(string policy) =>
        Run.Passes<WeakTlsPolicyCheck>(With(LoadBalancer(listeners: [Forward(), Https(policy)])));

    [Fact, Covers("elb.no-waf", Outcome.Fail)]
    public void An_internet_facing_alb_without_a_web_acl_fails()
    {
        var f = Run.FailsOnce<NoWafCheck>(With(LoadBalancer(webAcl: null)));
        Assert.Equal("internet-facing Application Load Balancer k8s-teama-web-0123456789 (serving Ingress team-a/web) has no WAF web ACL associated", f.Message);
    }

    [Fact, Covers("elb.no-waf", Outcome.Pass)]
    public void A_web_acl_an_internal_alb_or_a_network_load_balancer_passes() =>
        Run.Passes<NoWafCheck>(With(LoadBalancer(), LoadBalancer("internal-one", scheme: "internal", webAcl: null), LoadBalancer("nlb", type: "network", webAcl: null)));

    [Fact, Covers("elb.no-access-logs", Outcome.Fail)]
    public void A_load_balancer_without_access_logs_fails_whatever_its_scheme_or_type()
    {
        var findings = Run.Check<NoAccessLogsCheck>(With(LoadBalancer(accessLogs: false), LoadBalancer("internal-nlb", scheme: "internal", type: "network", accessLogs: false)));
        Assert.Equal(["internal-nlb", "k8s-teama-web-0123456789"], findings.Select(f => f.Resource.Name).Order());
        Assert.Contains("access_logs.s3.enabled is \"false\"", findings[0].Message, StringComparison.Ordinal);
        // A load balancer no Service or Ingress names: the finding says nothing about what it serves.
        Assert.False(findings.Single(f => f.Resource.Name == "internal-nlb").Details!.ContainsKey("serves"));
    }

    [Fact, Covers("elb.no-access-logs", Outcome.Pass)]
    public void Access_logs_on_pass_and_gateway_load_balancers_are_not_assessed() =>
        Run.Passes<NoAccessLogsCheck>(With(LoadBalancer(), LoadBalancer("gwlb", type: "gateway", accessLogs: false)));

    [Theory]
    [InlineData("elasticloadbalancing:DescribeTags")]
    [InlineData("elasticloadbalancing:DescribeListeners")]
    public void A_denied_elbv2_read_makes_the_checks_that_need_it_not_evaluated(string action)
    {
        var inventory = AwsBuild.Scan(AwsBuild.Inventory(unavailable: [AwsBuild.Denied(action)]) with { LoadBalancers = [LoadBalancer(listeners: [Forward()])] });
        Assert.StartsWith($"{action} denied", Run.NotEvaluated<HttpWithoutRedirectCheck>(inventory), StringComparison.Ordinal);
        Assert.StartsWith($"{action} denied", Run.NotEvaluated<WeakTlsPolicyCheck>(inventory), StringComparison.Ordinal);
    }

    [Fact]
    public void Cis_5_4_5_and_the_elb_controls_are_decided_by_the_elb_checks()
    {
        ControlOutcome Outcome(string framework, string control, ClusterInventory inventory) =>
            ComplianceEvaluator.Evaluate(FrameworkCatalog.Find(framework)!, ComplianceEvidence.From(CheckEngine.Run(inventory, CheckSelection.All), inventory))
                .Controls.Single(c => c.Control.Id == control).Outcome;

        var plainHttp = With(LoadBalancer(listeners: [Forward(), Https()]));
        Assert.Equal(ControlOutcome.Fail, Outcome("cis-eks", "5.4.5", plainHttp));
        Assert.Equal(ControlOutcome.Fail, Outcome("aws-fsbp", "ELB.1", plainHttp));
        Assert.Equal(ControlOutcome.Fail, Outcome("aws-fsbp", "ELB.17", With(LoadBalancer(listeners: [RedirectToHttps(), Https("ELBSecurityPolicy-2016-08")]))));
        var hardened = With(LoadBalancer());
        Assert.Equal(ControlOutcome.Pass, Outcome("cis-eks", "5.4.5", hardened));
        Assert.Equal(ControlOutcome.Pass, Outcome("aws-fsbp", "ELB.5", hardened));
        // ELB.5 is about Application (and Classic) Load Balancers: a Network Load Balancer without access logs does not fail it.
        Assert.Equal(ControlOutcome.Pass, Outcome("aws-fsbp", "ELB.5", With(LoadBalancer(), LoadBalancer("nlb", type: "network", accessLogs: false))));
        Assert.Equal(ControlOutcome.Fail, Outcome("aws-fsbp", "ELB.5", With(LoadBalancer(accessLogs: false))));
        // Without the listeners, 5.4.5 is not decided.
        var denied = AwsBuild.Scan(AwsBuild.Inventory(unavailable: [AwsBuild.Denied("elasticloadbalancing:DescribeListeners")]) with { LoadBalancers = [LoadBalancer()] });
        Assert.Equal(ControlOutcome.NotEvaluated, Outcome("cis-eks", "5.4.5", denied));
    }
}
