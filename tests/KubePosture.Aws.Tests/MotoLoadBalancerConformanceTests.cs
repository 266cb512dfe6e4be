using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Tests;

/// <summary>
/// The ELBv2 and WAFv2 clients against moto_server, an AWS implementation we did not write: load balancers,
/// listeners, attributes and a web ACL association made through boto3 must read back as boto3 put them.
/// </summary>
public sealed class MotoLoadBalancerConformanceTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private MotoSeededAccount _moto = null!;

    public async ValueTask InitializeAsync() => _moto = await MotoSeededAccount.StartAsync("moto_seed_load_balancers.py", Ct);

    public ValueTask DisposeAsync() => _moto.DisposeAsync();

    private IAwsSession Session => _moto.Session;

    private string Id(string name) => _moto.Id(name);

    [Fact]
    public async Task Load_balancers_and_their_tags_read_back()
    {
        var all = await Session.Elbv2.DescribeLoadBalancersAsync(Ct);

        Assert.Equal([Id("storefront"), Id("ledger"), Id("other")], all.Select(lb => lb.Arn));
        Assert.Equal(("k8s-shop-storefro-0a1b2c3d4e", "application", "internet-facing", Id("vpc")), (all[0].Name, all[0].Type, all[0].Scheme, all[0].VpcId));
        Assert.StartsWith("k8s-shop-storefro-0a1b2c3d4e", all[0].DnsName, StringComparison.Ordinal);
        Assert.Equal("internal", all[1].Scheme);
        Assert.Equal("network", all[2].Type);

        var tags = await Session.Elbv2.DescribeTagsAsync(all.Select(lb => lb.Arn).ToList(), Ct);
        Assert.Equal("demo", tags[Id("storefront")][Elbv2LoadBalancer.ClusterTag]);
        Assert.Equal("payments/ledger", tags[Id("ledger")][Elbv2LoadBalancer.IngressStackTag]);
        Assert.Equal(("other", "web/frontend"), (tags[Id("other")][Elbv2LoadBalancer.ClusterTag], tags[Id("other")][Elbv2LoadBalancer.ServiceStackTag]));
    }

    [Fact]
    public async Task Listeners_read_back_with_policy_certificate_and_redirect()
    {
        // moto reports its default TLS policy on the HTTP listeners too; the port keeps policies of HTTPS and TLS listeners only.
        var storefront = (await Session.Elbv2.DescribeListenersAsync(Id("storefront"), Ct))!.OrderBy(l => l.Port).ToList();
        Assert.Equal([(80, "HTTP", (string?)null), (443, "HTTPS", "ELBSecurityPolicy-2016-08")], storefront.Select(l => (l.Port, l.Protocol, l.SslPolicy)));
        Assert.Equal([Id("certificate")], storefront[1].CertificateArns);
        Assert.Equal(["forward"], storefront[0].DefaultActions.Select(a => a.Type));

        var ledger = (await Session.Elbv2.DescribeListenersAsync(Id("ledger"), Ct))!.OrderBy(l => l.Port).ToList();
        var redirect = Assert.Single(ledger[0].DefaultActions);
        Assert.Equal(("redirect", "HTTPS", "443"), (redirect.Type, redirect.RedirectProtocol, redirect.RedirectPort));
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", ledger[1].SslPolicy);
    }

    [Fact]
    public async Task Attributes_read_back()
    {
        var ledger = (await Session.Elbv2.DescribeLoadBalancerAttributesAsync(Id("ledger"), Ct))!;
        var storefront = (await Session.Elbv2.DescribeLoadBalancerAttributesAsync(Id("storefront"), Ct))!;

        Assert.Equal(("true", "demo-alb-logs"), (ledger["access_logs.s3.enabled"], ledger["access_logs.s3.bucket"]));
        // moto leaves the default out where AWS sends "false": either way access logs are not enabled.
        Assert.NotEqual("true", storefront.GetValueOrDefault("access_logs.s3.enabled"));
        Assert.Equal("false", storefront["deletion_protection.enabled"]);
    }

    [Fact]
    public async Task The_web_acl_association_reads_back_and_moto_s_null_web_acl_means_none()
    {
        Assert.Equal(Id("acl"), await Session.Wafv2.GetWebAclArnForResourceAsync(Id("ledger"), Ct));
        Assert.Null(await Session.Wafv2.GetWebAclArnForResourceAsync(Id("storefront"), Ct)); // moto answers {"WebACL": null}
    }
}
