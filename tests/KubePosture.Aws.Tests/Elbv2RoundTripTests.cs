using System.Text.Json.Nodes;
using KubePosture.Aws.Ports;
using KubePosture.AwsEmulator;

namespace KubePosture.Aws.Tests;

/// <summary>The ELBv2 (awsQuery) and WAFv2 (awsJson1_1) clients against the AWS emulator's demo account (pageSize 2).</summary>
public sealed class Elbv2RoundTripTests : IAsyncLifetime
{
    private AwsTestContext _aws = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Storefront = "arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/app/k8s-shop-storefro-0a1b2c3d4e/5e6f7a8b9c0d1e2f";
    private const string Ledger = "arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/app/k8s-payments-ledger-5f6e7d8c9b/6f7a8b9c0d1e2f30";
    private const string Other = "arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/net/k8s-other-web-9z8y7x6w5v/7a8b9c0d1e2f3041";

    public async ValueTask InitializeAsync() => _aws = await AwsTestContext.StartAsync();

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    [Fact]
    public async Task Load_balancers_follow_next_marker_and_carry_type_scheme_dns_and_vpc()
    {
        var all = await _aws.Session.Elbv2.DescribeLoadBalancersAsync(Ct);

        Assert.Equal([Storefront, Ledger, Other], all.Select(lb => lb.Arn));
        Assert.Equal(2, _aws.Server.Requests.CountOf("elasticloadbalancing", "DescribeLoadBalancers")); // pageSize 2: two pages
        Assert.Equal(("k8s-shop-storefro-0a1b2c3d4e", "application", "internet-facing", "vpc-0a1b2c3d4e5f60004"), (all[0].Name, all[0].Type, all[0].Scheme, all[0].VpcId));
        Assert.Equal("k8s-shop-storefro-0a1b2c3d4e-1234567890.us-west-2.elb.amazonaws.com", all[0].DnsName);
        Assert.Equal(("internal", true), (all[1].Scheme, all[1].IsApplication));
        Assert.Equal(("network", false), (all[2].Type, all[2].IsApplication));
        Assert.All(all, lb => Assert.Empty(lb.Tags)); // tags are DescribeTags'
    }

    [Fact]
    public async Task Tags_are_read_twenty_arns_per_call_and_mapped_by_arn()
    {
        var elbv2 = _aws.Session.Elbv2;
        var tags = await elbv2.DescribeTagsAsync([Storefront, Ledger, Other], Ct);

        Assert.Equal("demo", tags[Storefront]["elbv2.k8s.aws/cluster"]);
        Assert.Equal("payments/ledger", tags[Ledger]["ingress.k8s.aws/stack"]);
        Assert.Equal("other", tags[Other]["elbv2.k8s.aws/cluster"]);

        // 45 ARNs: three calls (20, 20, 5); the emulator refuses more than 20 in one call as AWS does.
        var fresh = await AwsTestContext.StartAsync();
        await using (fresh)
        {
            var arns = Enumerable.Range(0, 45).Select(i => $"{Storefront[..^16]}{i:x16}").ToList();
            fresh.Server.Fixture.Section("elasticloadbalancing")["loadBalancers"] = new JsonArray(
                arns.Select(a => (JsonNode)new JsonObject
                {
                    ["loadBalancerName"] = "k8s-shop-storefro-0a1b2c3d4e", ["id"] = a[^16..], ["tags"] = new JsonObject { ["n"] = a[^2..] },
                }).ToArray());
            var read = await fresh.Session.Elbv2.DescribeTagsAsync(arns, Ct);
            Assert.Equal(45, read.Count);
            Assert.Equal("2c", read[arns[44]]["n"]);
            Assert.Equal(3, fresh.Server.Requests.CountOf("elasticloadbalancing", "DescribeTags"));
        }
    }

    [Fact]
    public async Task Listeners_parse_protocol_tls_policy_certificates_and_redirects_across_pages()
    {
        var storefront = (await _aws.Session.Elbv2.DescribeListenersAsync(Storefront, Ct))!;
        Assert.Equal([(80, "HTTP", (string?)null), (443, "HTTPS", "ELBSecurityPolicy-2016-08")], storefront.Select(l => (l.Port, l.Protocol, l.SslPolicy)));
        Assert.Equal(["arn:aws:acm:us-west-2:111122223333:certificate/0a1b2c3d-0000-4000-8000-0000000000aa"], storefront[1].CertificateArns);
        Assert.Equal("forward", Assert.Single(storefront[0].DefaultActions).Type);

        var ledger = (await _aws.Session.Elbv2.DescribeListenersAsync(Ledger, Ct))!;
        var redirect = Assert.Single(ledger[0].DefaultActions);
        Assert.Equal(("redirect", "HTTPS", "443"), (redirect.Type, redirect.RedirectProtocol, redirect.RedirectPort));
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", ledger[1].SslPolicy);
        Assert.All(ledger, l => Assert.StartsWith("arn:aws:elasticloadbalancing:us-west-2:111122223333:listener/app/k8s-payments-ledger-5f6e7d8c9b/", l.Arn));
    }

    [Fact]
    public async Task Attributes_map_keys_to_string_values()
    {
        var storefront = (await _aws.Session.Elbv2.DescribeLoadBalancerAttributesAsync(Storefront, Ct))!;
        var ledger = (await _aws.Session.Elbv2.DescribeLoadBalancerAttributesAsync(Ledger, Ct))!;

        Assert.Equal("false", storefront["access_logs.s3.enabled"]);
        Assert.Equal(("true", "demo-alb-logs"), (ledger["access_logs.s3.enabled"], ledger["access_logs.s3.bucket"]));
    }

    [Fact]
    public async Task A_load_balancer_deleted_since_it_was_listed_answers_null_not_an_error()
    {
        var gone = Storefront[..^1] + "0";

        Assert.Null(await _aws.Session.Elbv2.DescribeListenersAsync(gone, Ct));
        Assert.Null(await _aws.Session.Elbv2.DescribeLoadBalancerAttributesAsync(gone, Ct));
        Assert.Equal(1, _aws.Server.Requests.CountOf("elasticloadbalancing", "DescribeListeners"));
    }

    [Fact]
    public async Task Web_acl_arn_or_null_when_none_is_associated()
    {
        var waf = _aws.Session.Wafv2;

        Assert.Equal("arn:aws:wafv2:us-west-2:111122223333:regional/webacl/ledger/0a1b2c3d-0000-4000-8000-000000000001",
            await waf.GetWebAclArnForResourceAsync(Ledger, Ct));
        Assert.Null(await waf.GetWebAclArnForResourceAsync(Storefront, Ct));
        Assert.Null(await waf.GetWebAclArnForResourceAsync(Storefront[..^1] + "0", Ct)); // WAFNonexistentItemException: nothing associated
    }

    [Fact]
    public async Task A_marker_that_comes_back_is_a_malformed_answer_not_an_endless_loop()
    {
        const string page = """
            <DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeLoadBalancersResult>
            <LoadBalancers/><NextMarker>same</NextMarker></DescribeLoadBalancersResult></DescribeLoadBalancersResponse>
            """;
        _aws.Server.Faults.Inject("elasticloadbalancing:DescribeLoadBalancers", AwsFault.RawBody(page, "text/xml", times: 2));

        var e = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.Elbv2.DescribeLoadBalancersAsync(Ct));
        Assert.Equal("NextMarker", e.Field);
    }

    [Fact]
    public async Task More_load_balancers_than_the_bound_is_an_error_not_a_shortened_list()
    {
        var fresh = await AwsTestContext.StartAsync();
        await using (fresh)
        {
            fresh.Server.Fixture.Root["pageSize"] = Elbv2Limits.PageSize;
            fresh.Server.Fixture.Section("elasticloadbalancing")["loadBalancers"] = new JsonArray([.. Enumerable.Range(0, Elbv2Limits.MaxLoadBalancers + 1)
                .Select(i => (JsonNode)new JsonObject { ["loadBalancerName"] = $"lb-{i}", ["id"] = $"{i:x16}" })]);

            var e = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => fresh.Session.Elbv2.DescribeLoadBalancersAsync(Ct));

            Assert.Contains($"more than {Elbv2Limits.MaxLoadBalancers}", e.Message, StringComparison.Ordinal);
            Assert.Equal(Elbv2Limits.MaxLoadBalancers / Elbv2Limits.PageSize, fresh.Server.Requests.CountOf("elasticloadbalancing", "DescribeLoadBalancers"));
        }
    }

    [Fact]
    public async Task A_listener_without_its_arn_or_a_web_acl_without_its_arn_names_the_field()
    {
        const string listeners = """
            <DescribeListenersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeListenersResult>
            <Listeners><member><Port>80</Port><Protocol>HTTP</Protocol></member></Listeners></DescribeListenersResult></DescribeListenersResponse>
            """;
        _aws.Server.Faults.Inject("elasticloadbalancing:DescribeListeners", AwsFault.RawBody(listeners, "text/xml"));
        _aws.Server.Faults.Inject("wafv2:GetWebACLForResource", AwsFault.RawBody("""{"WebACL": {"Name": "ledger"}}""", "application/x-amz-json-1.1"));

        var listener = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.Elbv2.DescribeListenersAsync(Storefront, Ct));
        var acl = await Assert.ThrowsAsync<AwsMalformedResponseException>(() => _aws.Session.Wafv2.GetWebAclArnForResourceAsync(Ledger, Ct));

        Assert.Equal(("elasticloadbalancing", "DescribeListeners", "DescribeListenersResult.Listeners[0].ListenerArn"), (listener.Service, listener.Operation, listener.Field));
        Assert.Equal(("wafv2", "WebACL.ARN"), (acl.Service, acl.Field));
    }

    [Fact]
    public async Task Throttled_calls_are_retried_like_every_other_service()
    {
        _aws.Server.Faults.Inject("elasticloadbalancing:DescribeLoadBalancers", AwsFault.Throttling());
        _aws.Server.Faults.Inject("wafv2:GetWebACLForResource", AwsFault.Throttling());

        Assert.Equal(3, (await _aws.Session.Elbv2.DescribeLoadBalancersAsync(Ct)).Count);
        Assert.NotNull(await _aws.Session.Wafv2.GetWebAclArnForResourceAsync(Ledger, Ct));

        Assert.Equal((3, 2), (_aws.Server.Requests.CountOf("elasticloadbalancing", "DescribeLoadBalancers"), _aws.Server.Requests.CountOf("wafv2", "GetWebACLForResource")));
    }

    [Fact]
    public async Task Denied_reads_carry_the_iam_action()
    {
        _aws.Server.Faults.Inject("elasticloadbalancing:DescribeListeners", AwsFault.AccessDenied());
        _aws.Server.Faults.Inject("wafv2:GetWebACLForResource", AwsFault.AccessDenied());

        var listeners = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => _aws.Session.Elbv2.DescribeListenersAsync(Storefront, Ct));
        var waf = await Assert.ThrowsAsync<AwsAccessDeniedException>(() => _aws.Session.Wafv2.GetWebAclArnForResourceAsync(Storefront, Ct));

        Assert.Equal(("elasticloadbalancing:DescribeListeners", "wafv2:GetWebACLForResource"), (listeners.Action, waf.Action));
    }
}
