using System.Text.Json.Nodes;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Catalog.Elb;
using KubePosture.Checks.Catalog.Linked;
using KubePosture.Checks.Catalog.Service;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// The elb.* checks and the exposure model read by the operator's collector from the AWS emulator's demo account: the
/// storefront ALB (serving Ingress shop/storefront) fails all four, the internal ledger ALB passes them, and fixing the
/// storefront in the fixture makes it pass.
/// </summary>
public sealed class EmulatorElbTests : IAsyncLifetime
{
    private const string Storefront = "k8s-shop-storefro-0a1b2c3d4e";
    private const string StorefrontDns = "k8s-shop-storefro-0a1b2c3d4e-1234567890.us-west-2.elb.amazonaws.com";
    private const string LedgerDns = "internal-k8s-payments-ledger-5f6e7d8c9b-987654321.us-west-2.elb.amazonaws.com";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    /// <summary>The demo's two Ingresses, as the cluster side reads them (storefront has no scheme annotation: only its load balancer says internet-facing).</summary>
    private static ClusterInventory Cluster() =>
        Build.Cluster([Build.Workload(ns: "shop", name: "storefront"), Build.Workload(ns: "payments", name: "ledger")],
                services: [Build.Service("shop", "storefront", "ClusterIP", selector: new Dictionary<string, string> { ["app"] = "storefront" }),
                    Build.Service("payments", "ledger", "ClusterIP", selector: new Dictionary<string, string> { ["app"] = "ledger" })])
            .WithIngresses(
                IngressBuild.Ingress("shop", "storefront", services: ["storefront"], hostnames: [StorefrontDns]),
                IngressBuild.Ingress("payments", "ledger", scheme: "internet-facing", services: ["ledger"], hostnames: [LedgerDns]));

    private JsonObject StorefrontLb => _aws.Objects("elasticloadbalancing", "loadBalancers").Single(lb => lb["loadBalancerName"]!.GetValue<string>() == Storefront);

    [Fact, Covers("elb.http-without-redirect", Outcome.Fail), Covers("elb.http-without-redirect", Outcome.Pass),
     Covers("elb.weak-tls-policy", Outcome.Fail), Covers("elb.weak-tls-policy", Outcome.Pass),
     Covers("elb.no-waf", Outcome.Fail), Covers("elb.no-waf", Outcome.Pass),
     Covers("elb.no-access-logs", Outcome.Fail), Covers("elb.no-access-logs", Outcome.Pass)]
    public async Task The_storefront_alb_fails_each_elb_check_until_it_is_fixed_and_the_ledger_alb_passes_them()
    {
        var as_is = await _aws.ReadAsync(Cluster(), Ct);
        var redirect = Run.FailsOnce<HttpWithoutRedirectCheck>(as_is);
        Assert.Equal(new ResourceRef("elasticloadbalancing.amazonaws.com", "LoadBalancer", null, Storefront), redirect.Resource);
        Assert.Equal("Ingress shop/storefront", redirect.Details!["serves"]);
        Assert.Equal("ELBSecurityPolicy-2016-08", Run.FailsOnce<WeakTlsPolicyCheck>(as_is).Details!["sslPolicy"]);
        Assert.Equal(Storefront, Run.FailsOnce<NoWafCheck>(as_is).Resource.Name);
        Assert.Equal(Storefront, Run.FailsOnce<NoAccessLogsCheck>(as_is).Resource.Name);

        var lb = StorefrontLb;
        lb["listeners"]![0]!["defaultActions"] = new JsonArray(new JsonObject { ["type"] = "redirect", ["redirectProtocol"] = "HTTPS", ["redirectPort"] = "443" });
        lb["listeners"]![1]!["sslPolicy"] = "ELBSecurityPolicy-TLS13-1-2-2021-06";
        lb["attributes"]!["access_logs.s3.enabled"] = "true";
        _aws.Objects("wafv2", "webAcls").Single()["loadBalancers"]!.AsArray().Add(Storefront);
        var fixedUp = await _aws.ReadAsync(Cluster(), Ct);
        Run.Passes<HttpWithoutRedirectCheck>(fixedUp);
        Run.Passes<WeakTlsPolicyCheck>(fixedUp);
        Run.Passes<NoWafCheck>(fixedUp);
        Run.Passes<NoAccessLogsCheck>(fixedUp);
    }

    [Fact]
    public async Task The_storefront_ingress_is_exposed_by_its_load_balancers_scheme_and_the_internal_ledger_is_not()
    {
        var inventory = await _aws.ReadAsync(Cluster(), Ct);
        var f = Run.FailsOnce<InternetExposedCheck>(inventory);
        Assert.Equal(new ResourceRef("networking.k8s.io/v1", "Ingress", "shop", "storefront"), f.Resource);
        Assert.Equal(Storefront, f.Details!["loadBalancer"]);
    }

    public static TheoryData<string, string[]> DeniedActions => new()
    {
        { "elasticloadbalancing:DescribeLoadBalancers", ["elb.http-without-redirect", "elb.weak-tls-policy", "elb.no-waf", "elb.no-access-logs"] },
        { "elasticloadbalancing:DescribeTags", ["elb.http-without-redirect", "elb.weak-tls-policy", "elb.no-waf", "elb.no-access-logs"] },
        { "elasticloadbalancing:DescribeListeners", ["elb.http-without-redirect", "elb.weak-tls-policy"] },
        { "elasticloadbalancing:DescribeLoadBalancerAttributes", ["elb.no-access-logs"] },
        { "wafv2:GetWebACLForResource", ["elb.no-waf"] },
    };

    [Theory, MemberData(nameof(DeniedActions))]
    public async Task A_denied_read_makes_the_elb_checks_that_need_it_not_evaluated_and_leaves_the_others(string action, string[] checks)
    {
        _aws.Server.Faults.Inject(action, AwsFault.AccessDenied());
        var cluster = Cluster();
        var collection = await _aws.CollectAsync(cluster, _aws.NewFactory(), Ct);
        var result = CheckEngine.Run([.. CheckCatalog.All.Where(c => c.Descriptor.Id.StartsWith("elb.", StringComparison.Ordinal))], cluster.WithAws(collection.Inventory),
            CheckSelection.All);
        foreach (var id in checks)
        {
            Assert.DoesNotContain(result.Findings, f => f.CheckId == id);
            Assert.StartsWith($"{action} denied", result.ChecksNotEvaluated[id], StringComparison.Ordinal);
        }
        Assert.Equal(4, result.ChecksRun.Count + result.ChecksNotEvaluated.Count);
    }

    [Fact]
    public async Task Denied_load_balancer_reads_leave_the_exposure_to_the_annotations_and_say_so()
    {
        _aws.Server.Faults.Inject("elasticloadbalancing:DescribeLoadBalancers", AwsFault.AccessDenied());
        var inventory = await _aws.ReadWithGapsAsync(Cluster(), Ct);
        // The ledger Ingress's annotation says internet-facing: without its load balancer, that decides.
        var f = Run.FailsOnce<InternetExposedCheck>(inventory);
        Assert.Equal("ledger", f.Resource.Name);
        Assert.StartsWith("annotations only: aws:elasticloadbalancing unavailable", f.Details!["decidedBy"], StringComparison.Ordinal);
    }
}
