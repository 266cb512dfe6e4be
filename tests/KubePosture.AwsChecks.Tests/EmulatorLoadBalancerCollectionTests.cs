using System.Text.Json.Nodes;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// The collector's load-balancer part against the AWS emulator's demo account: the storefront and ledger ALBs are the
/// demo cluster's (tagged elbv2.k8s.aws/cluster=demo), the NLB is another cluster's and is never described.
/// </summary>
public sealed class EmulatorLoadBalancerCollectionTests : IAsyncLifetime
{
    private const string StorefrontDns = "k8s-shop-storefro-0a1b2c3d4e-1234567890.us-west-2.elb.amazonaws.com";
    private const string LedgerDns = "internal-k8s-payments-ledger-5f6e7d8c9b-987654321.us-west-2.elb.amazonaws.com";
    private const string OtherDns = "k8s-other-web-9z8y7x6w5v-0123456789.elb.us-west-2.amazonaws.com";
    private const string LedgerAcl = "arn:aws:wafv2:us-west-2:111122223333:regional/webacl/ledger/0a1b2c3d-0000-4000-8000-000000000001";
    private static readonly string[] Described = ["DescribeListeners", "DescribeLoadBalancerAttributes", "GetWebACLForResource"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    private static ClusterInventory Cluster(params string[] ingressHostnames) => Build.Cluster() with
    {
        Ingresses = ingressHostnames.Length == 0 ? [] : [new IngressRecord("shop", "storefront", "alb", new Dictionary<string, string>(), [], [], ingressHostnames)],
    };

    private JsonObject LoadBalancer(string namePrefix) =>
        _aws.Objects("elasticloadbalancing", "loadBalancers").Single(lb => lb["loadBalancerName"]!.GetValue<string>().StartsWith(namePrefix, StringComparison.Ordinal));

    /// <summary>Requests per operation that describe one load balancer further (listeners, attributes, WAF).</summary>
    private int DescribeCalls() => _aws.Server.Requests.Entries.Count(e => Described.Contains(e.Operation));

    /// <summary>A scan process whose calls to this service find nothing listening (the discard port), without retries.</summary>
    private Aws.AwsSessionFactory Unreachable(string service) => _aws.NewFactory(o =>
    {
        o.Endpoints[service] = "http://127.0.0.1:9";
        o.MaxRetries = 0;
    });

    private static string NotEvaluatedReason(ClusterInventory inventory, string action)
    {
        var probe = new Probe(action);
        var result = CheckEngine.Run([probe], inventory, CheckSelection.All);
        Assert.Empty(result.ChecksRun);
        return result.ChecksNotEvaluated[probe.Descriptor.Id];
    }

    [Fact]
    public async Task Only_the_clusters_load_balancers_are_kept_and_only_they_are_described()
    {
        var inventory = await _aws.ReadAsync(Cluster(), Ct);

        var lbs = inventory.Aws!.LoadBalancers;
        Assert.Equal(["k8s-payments-ledger-5f6e7d8c9b", "k8s-shop-storefro-0a1b2c3d4e"], lbs.Select(lb => lb.Name));
        var (ledger, storefront) = (lbs[0], lbs[1]);
        Assert.Equal(("internal", "payments/ledger", LedgerAcl), (ledger.Scheme, ledger.Tags["ingress.k8s.aws/stack"], ledger.WebAclArn));
        Assert.Equal(("redirect", "HTTPS"), (ledger.Listeners[0].DefaultActions[0].Type, ledger.Listeners[0].DefaultActions[0].RedirectProtocol));
        Assert.Equal("true", ledger.Attributes["access_logs.s3.enabled"]);
        Assert.Equal(("internet-facing", StorefrontDns, (string?)null), (storefront.Scheme, storefront.DnsName, storefront.WebAclArn));
        Assert.Equal([(80, "HTTP", (string?)null), (443, "HTTPS", "ELBSecurityPolicy-2016-08")], storefront.Listeners.Select(l => (l.Port, l.Protocol, l.SslPolicy)));
        Assert.Equal("false", storefront.Attributes["access_logs.s3.enabled"]);

        // One listener page, one attributes call and one WAF call per kept load balancer: none for the other cluster's NLB.
        Assert.Equal([("DescribeListeners", 2), ("DescribeLoadBalancerAttributes", 2), ("GetWebACLForResource", 2)],
            Described.Select(o => (o, _aws.Server.Requests.Entries.Count(e => e.Operation == o))));
        Assert.Equal(1, _aws.Server.Requests.CountOf("elasticloadbalancing", "DescribeTags")); // three ARNs, one batch
    }

    [Fact]
    public async Task A_load_balancer_named_by_a_status_hostname_or_the_in_tree_cluster_tag_key_is_the_clusters()
    {
        var storefront = LoadBalancer("k8s-shop-storefro");
        storefront["tags"] = new JsonObject(); // untagged: only the Ingress's status hostname links it
        var other = LoadBalancer("k8s-other-web");
        other["tags"] = new JsonObject { ["kubernetes.io/cluster/demo"] = "owned", ["kubernetes.io/service-name"] = "web/frontend" };

        var inventory = await _aws.ReadAsync(Cluster(StorefrontDns.ToUpperInvariant()), Ct);

        Assert.Equal(["k8s-other-web-9z8y7x6w5v", "k8s-payments-ledger-5f6e7d8c9b", "k8s-shop-storefro-0a1b2c3d4e"], inventory.Aws!.LoadBalancers.Select(lb => lb.Name));
        Assert.Equal(("network", "TCP"), (inventory.Aws.LoadBalancers[0].Type, inventory.Aws.LoadBalancers[0].Listeners.Single().Protocol));
        Assert.Null(inventory.Aws.LoadBalancers[0].WebAclArn); // a network load balancer has no WAF: not asked
        Assert.Equal(2, _aws.Server.Requests.CountOf("wafv2", "GetWebACLForResource"));
    }

    [Fact]
    public async Task Another_clusters_tag_is_not_overridden_by_its_name_alone()
    {
        var other = LoadBalancer("k8s-other-web");
        other["tags"] = new JsonObject { ["elbv2.k8s.aws/cluster"] = "demo-staging", ["kubernetes.io/cluster/demo-staging"] = "owned" };

        var inventory = await _aws.ReadAsync(Cluster(), Ct);

        Assert.DoesNotContain(inventory.Aws!.LoadBalancers, lb => lb.DnsName == OtherDns);
        Assert.Equal(6, DescribeCalls());
    }

    [Fact]
    public async Task A_load_balancer_deleted_between_listing_and_describing_is_dropped_without_a_gap()
    {
        // The scan process listed the account (cached), then the ledger ALB was deleted; the Ingress still names its DNS.
        var factory = _aws.NewFactory();
        await factory.GetSession(new KubePosture.Aws.Ports.AwsSessionRequest(_aws.Server.Fixture.Region)).Elbv2.DescribeLoadBalancersAsync(Ct);
        ((JsonArray)_aws.Server.Fixture.Section("elasticloadbalancing")["loadBalancers"]!).Remove(LoadBalancer("k8s-payments-ledger"));

        var collection = await _aws.CollectAsync(Cluster(LedgerDns), factory, Ct);

        Assert.Empty(collection.Inventory!.Unavailable);
        Assert.Equal(["k8s-shop-storefro-0a1b2c3d4e"], collection.Inventory.LoadBalancers.Select(lb => lb.Name));
        // DescribeTags of the three failed on the deleted one, so each was asked alone; the ledger's listeners said it is gone.
        Assert.Equal((1 + 3, 2), (_aws.Server.Requests.CountOf("elasticloadbalancing", "DescribeTags"), _aws.Server.Requests.CountOf("elasticloadbalancing", "DescribeListeners")));
        Assert.Equal(1, _aws.Server.Requests.CountOf("wafv2", "GetWebACLForResource"));
    }

    [Fact]
    public async Task Denied_listeners_are_recorded_by_action_and_the_rest_is_still_read()
    {
        _aws.Server.Faults.Inject("elasticloadbalancing:DescribeListeners", AwsFault.AccessDenied());

        var inventory = await _aws.ReadWithGapsAsync(Cluster(), Ct);

        var gap = Assert.Single(inventory.Aws!.Unavailable);
        Assert.Equal((InventorySource.AwsElbv2, "elasticloadbalancing:DescribeListeners", true), (gap.Source, gap.Action, gap.Denied));
        Assert.Equal(2, inventory.Aws.LoadBalancers.Count);
        Assert.All(inventory.Aws.LoadBalancers, lb => Assert.Empty(lb.Listeners));
        Assert.Equal("true", inventory.Aws.LoadBalancers[0].Attributes["access_logs.s3.enabled"]);
        Assert.Equal(LedgerAcl, inventory.Aws.LoadBalancers[0].WebAclArn);
        Assert.StartsWith("elasticloadbalancing:DescribeListeners denied", NotEvaluatedReason(inventory, "elasticloadbalancing:DescribeListeners"), StringComparison.Ordinal);
        AssertDeclaringCatalogChecksNotEvaluated(inventory, "elasticloadbalancing:DescribeListeners");
    }

    [Fact]
    public async Task A_denied_web_acl_read_is_recorded_and_never_taken_for_no_web_acl()
    {
        _aws.Server.Faults.Inject("wafv2:GetWebACLForResource", AwsFault.AccessDenied());

        var inventory = await _aws.ReadWithGapsAsync(Cluster(), Ct);

        var gap = Assert.Single(inventory.Aws!.Unavailable);
        Assert.Equal((InventorySource.AwsWafv2, "wafv2:GetWebACLForResource", true), (gap.Source, gap.Action, gap.Denied));
        Assert.All(inventory.Aws.LoadBalancers, lb => Assert.NotEmpty(lb.Listeners));
        Assert.StartsWith("wafv2:GetWebACLForResource denied", NotEvaluatedReason(inventory, "wafv2:GetWebACLForResource"), StringComparison.Ordinal);
        AssertDeclaringCatalogChecksNotEvaluated(inventory, "wafv2:GetWebACLForResource");
    }

    [Fact]
    public async Task Denied_tags_still_keep_the_load_balancers_the_cluster_names_by_dns_and_describe_no_other()
    {
        _aws.Server.Faults.Inject("elasticloadbalancing:DescribeTags", AwsFault.AccessDenied());

        var inventory = await _aws.ReadWithGapsAsync(Cluster(StorefrontDns), Ct);

        Assert.Equal("elasticloadbalancing:DescribeTags", Assert.Single(inventory.Aws!.Unavailable).Action);
        var storefront = Assert.Single(inventory.Aws.LoadBalancers);
        Assert.Equal((StorefrontDns, 2), (storefront.DnsName, storefront.Listeners.Count));
        Assert.Equal(3, DescribeCalls());
    }

    [Fact]
    public async Task An_unreachable_elbv2_endpoint_makes_the_source_unavailable_and_calls_no_waf()
    {
        var broken = Unreachable("elasticloadbalancing");

        var collection = await _aws.CollectAsync(Cluster(), broken, Ct);

        var gap = Assert.Single(collection.Inventory!.Unavailable);
        Assert.Equal((InventorySource.AwsElbv2, AwsUnavailable.AllActions, false), (gap.Source, gap.Action, gap.Denied));
        Assert.Contains("elasticloadbalancing unreachable in us-west-2", gap.Reason, StringComparison.Ordinal);
        Assert.Empty(collection.Inventory.LoadBalancers);
        Assert.Equal(0, _aws.Server.Requests.CountOf("wafv2", "GetWebACLForResource"));
        var inventory = Cluster().WithAws(collection.Inventory);
        Assert.StartsWith("source aws:elasticloadbalancing unavailable", NotEvaluatedReason(inventory, "elasticloadbalancing:DescribeLoadBalancers"), StringComparison.Ordinal);
        AssertDeclaringCatalogChecksNotEvaluated(inventory, "elasticloadbalancing:DescribeLoadBalancers");
    }

    [Fact]
    public async Task An_unreachable_waf_endpoint_leaves_the_load_balancers_read()
    {
        var broken = Unreachable("wafv2");

        var collection = await _aws.CollectAsync(Cluster(), broken, Ct);

        var gap = Assert.Single(collection.Inventory!.Unavailable);
        Assert.Equal((InventorySource.AwsWafv2, AwsUnavailable.AllActions), (gap.Source, gap.Action));
        Assert.Equal(2, collection.Inventory.LoadBalancers.Count);
        Assert.All(collection.Inventory.LoadBalancers, lb => Assert.Null(lb.WebAclArn));
        Assert.StartsWith("source aws:wafv2 unavailable", NotEvaluatedReason(Cluster().WithAws(collection.Inventory), "wafv2:GetWebACLForResource"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_scan_of_an_unchanged_account_makes_no_elbv2_or_waf_calls()
    {
        var factory = _aws.NewFactory();
        var first = await _aws.CollectAsync(Cluster(), factory, Ct);
        Assert.Empty(first.Inventory!.Unavailable);
        int Count() => _aws.Server.Requests.Entries.Count(e => e.Service is "elasticloadbalancing" or "wafv2");
        var cold = Count();
        // Two pages of load balancers, one DescribeTags batch, and listeners, attributes and WAF of the two kept ALBs.
        Assert.Equal(2 + 1 + 2 + 2 + 2, cold);

        var second = await _aws.CollectAsync(Cluster(), factory, Ct);

        Assert.Equal(cold, Count());
        Assert.Equal(first.Inventory.LoadBalancers, second.Inventory!.LoadBalancers);
        Assert.True(second.Calls < first.Calls, $"the second collection made {second.Calls} calls, the first {first.Calls}");
    }

    /// <summary>Every catalog check that declares the action is not evaluated (the elb.* checks once they exist), never passed.</summary>
    private static void AssertDeclaringCatalogChecksNotEvaluated(ClusterInventory inventory, string action)
    {
        var declaring = CheckCatalog.All.Where(c => c.Descriptor.Sources.Contains(action)).ToList();
        var result = CheckEngine.Run(declaring, inventory, CheckSelection.All);
        Assert.Empty(result.ChecksRun);
        Assert.Equal(declaring.Select(c => c.Descriptor.Id).Order(), result.ChecksNotEvaluated.Keys.Order());
    }

    /// <summary>A check that reads the load balancers and declares one ELBv2 or WAF action.</summary>
    private sealed class Probe(string action) : ICheck
    {
        public CheckDescriptor Descriptor { get; } = new("elb.probe", "probe", CheckCategory.Service, Severity.Medium, "probe", "probe", ["probe"],
            [action.StartsWith("wafv2:", StringComparison.Ordinal) ? InventorySource.AwsWafv2 : InventorySource.AwsElbv2, action], ClusterScoped: true, RequiresAws: true);

        public IEnumerable<Finding> Evaluate(ClusterInventory inventory) =>
            (inventory.Aws?.LoadBalancers ?? []).Select(lb => new Finding(Descriptor.Id, Severity.Medium, new ResourceRef("elasticloadbalancing.amazonaws.com", "LoadBalancer", null, lb.Name), "probe"));
    }
}
