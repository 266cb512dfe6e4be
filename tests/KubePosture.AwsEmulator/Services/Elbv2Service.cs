using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>
/// Elastic Load Balancing v2 (awsQuery, version 2015-12-01, Marker/NextMarker paging) from the fixture's
/// elasticloadbalancing.loadBalancers: loadBalancerName, id (the ARN's last part), dnsName, type (application, network,
/// gateway), scheme, vpcId, tags (map), attributes (map of strings), listeners (port, protocol, sslPolicy,
/// certificates, defaultActions: type, redirectProtocol, redirectPort).
/// </summary>
public sealed class Elbv2Service(AccountFixture fixture) : IEmulatedService
{
    public const string Namespace = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    public string Name => "elasticloadbalancing";

    public IReadOnlyCollection<string> Operations { get; } = ["DescribeLoadBalancers", "DescribeTags", "DescribeListeners", "DescribeLoadBalancerAttributes"];

    public IEnumerable<JsonObject> LoadBalancers => AccountFixture.Objects(fixture.Section("elasticloadbalancing")["loadBalancers"]);

    private static string TypeSegment(JsonObject lb) => (AccountFixture.Str(lb, "type") ?? "application") switch
    {
        "network" => "net",
        "gateway" => "gwy",
        _ => "app",
    };

    /// <summary>arn:aws:elasticloadbalancing:&lt;region&gt;:&lt;account&gt;:loadbalancer/app/&lt;name&gt;/&lt;id&gt;.</summary>
    public static string Arn(AccountFixture fixture, JsonObject lb) =>
        $"arn:{fixture.Partition}:elasticloadbalancing:{fixture.Region}:{fixture.Account}:loadbalancer/{TypeSegment(lb)}/{AccountFixture.Str(lb, "loadBalancerName")}/{AccountFixture.Str(lb, "id") ?? "0000000000000000"}";

    private string ListenerArn(JsonObject lb, int index) =>
        $"arn:{fixture.Partition}:elasticloadbalancing:{fixture.Region}:{fixture.Account}:listener/{TypeSegment(lb)}/{AccountFixture.Str(lb, "loadBalancerName")}/{AccountFixture.Str(lb, "id") ?? "0000000000000000"}/{index + 1:x16}";

    public EmulatorResponse Handle(EmulatorRequest r) => r.Operation switch
    {
        "DescribeLoadBalancers" => DescribeLoadBalancers(r),
        "DescribeTags" => DescribeTags(r),
        "DescribeListeners" => DescribeListeners(r),
        "DescribeLoadBalancerAttributes" => DescribeAttributes(r),
        _ => throw new EmulatorErrorException(400, "InvalidAction", $"Could not find operation {r.Operation} for version 2015-12-01"),
    };

    private static EmulatorResponse Result(string operation, string xml)
    {
        var body = $"<{operation}Response xmlns=\"{Namespace}\"><{operation}Result>{xml}</{operation}Result>"
            + $"<ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></{operation}Response>";
        return new EmulatorResponse(200, "text/xml", Encoding.UTF8.GetBytes(body));
    }

    private static int? PageSize(EmulatorRequest r)
    {
        if (r.Param("PageSize") is not { } text) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 400 ? n
            : throw new EmulatorErrorException(400, "ValidationError", $"1 validation error detected: Value '{text}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400");
    }

    private JsonObject Find(string arn) => LoadBalancers.FirstOrDefault(lb => Arn(fixture, lb) == arn)
        ?? throw new EmulatorErrorException(400, "LoadBalancerNotFound", $"Load balancers '[{arn}]' not found");

    private EmulatorResponse DescribeLoadBalancers(EmulatorRequest r)
    {
        var arns = r.NumberedList("LoadBalancerArns.member");
        var names = r.NumberedList("Names.member");
        var all = LoadBalancers.ToList();
        if (arns.Count > 0) all = arns.Select(Find).ToList();
        if (names.Count > 0)
        {
            all = names.Select(n => all.FirstOrDefault(lb => AccountFixture.Str(lb, "loadBalancerName") == n)
                ?? throw new EmulatorErrorException(400, "LoadBalancerNotFound", $"Load balancers '[{n}]' not found")).ToList();
        }
        var (items, next) = Paging.Page(all, r.Param("Marker"), PageSize(r), fixture.PageSize, "ValidationError");
        var xml = new StringBuilder("<LoadBalancers>");
        foreach (var lb in items)
        {
            xml.Append("<member>")
                .Append(Wire.El("LoadBalancerArn", Arn(fixture, lb)))
                .Append(Wire.El("DNSName", AccountFixture.Str(lb, "dnsName")))
                .Append(Wire.El("CanonicalHostedZoneId", "Z1H1FL5HABSF5"))
                .Append(Wire.El("CreatedTime", Wire.Iso(lb["createdTime"]) ?? "2025-01-01T00:00:00Z"))
                .Append(Wire.El("LoadBalancerName", AccountFixture.Str(lb, "loadBalancerName")))
                .Append(Wire.El("Scheme", AccountFixture.Str(lb, "scheme") ?? "internet-facing"))
                .Append(Wire.El("VpcId", AccountFixture.Str(lb, "vpcId")))
                .Append("<State><Code>active</Code></State>")
                .Append(Wire.El("Type", AccountFixture.Str(lb, "type") ?? "application"))
                .Append(Wire.El("IpAddressType", "ipv4"))
                .Append("</member>");
        }
        xml.Append("</LoadBalancers>");
        if (next is not null) xml.Append(Wire.El("NextMarker", next));
        return Result("DescribeLoadBalancers", xml.ToString());
    }

    private EmulatorResponse DescribeTags(EmulatorRequest r)
    {
        var arns = r.NumberedList("ResourceArns.member");
        if (arns.Count == 0)
            throw new EmulatorErrorException(400, "ValidationError", "1 validation error detected: Value null at 'resourceArns' failed to satisfy constraint: Member must not be null");
        if (arns.Count > 20)
            throw new EmulatorErrorException(400, "ValidationError", $"1 validation error detected: Value '{arns.Count}' at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20");
        var xml = new StringBuilder("<TagDescriptions>");
        foreach (var arn in arns)
        {
            var lb = Find(arn);
            xml.Append("<member>").Append(Wire.El("ResourceArn", arn)).Append("<Tags>");
            foreach (var (key, value) in lb["tags"] as JsonObject ?? [])
                xml.Append("<member>").Append(Wire.El("Key", key)).Append(Wire.El("Value", value)).Append("</member>");
            xml.Append("</Tags></member>");
        }
        xml.Append("</TagDescriptions>");
        return Result("DescribeTags", xml.ToString());
    }

    private EmulatorResponse DescribeListeners(EmulatorRequest r)
    {
        var arn = r.Param("LoadBalancerArn") ?? throw new EmulatorErrorException(400, "ValidationError", "A load balancer ARN or listener ARNs must be specified");
        var lb = Find(arn);
        var listeners = AccountFixture.Objects(lb["listeners"]).Select((l, i) => (Listener: l, Index: i)).ToList();
        var (items, next) = Paging.Page(listeners, r.Param("Marker"), PageSize(r), fixture.PageSize, "ValidationError");
        var xml = new StringBuilder("<Listeners>");
        foreach (var (l, i) in items)
        {
            xml.Append("<member>")
                .Append(Wire.El("ListenerArn", ListenerArn(lb, i)))
                .Append(Wire.El("LoadBalancerArn", arn))
                .Append(Wire.El("Port", l["port"]))
                .Append(Wire.El("Protocol", AccountFixture.Str(l, "protocol")))
                .Append(Wire.El("SslPolicy", AccountFixture.Str(l, "sslPolicy")));
            if (l["certificates"] is JsonArray certificates)
            {
                xml.Append("<Certificates>");
                foreach (var c in certificates) xml.Append("<member>").Append(Wire.El("CertificateArn", c?.GetValue<string>())).Append("</member>");
                xml.Append("</Certificates>");
            }
            xml.Append("<DefaultActions>");
            var order = 1;
            foreach (var a in AccountFixture.Objects(l["defaultActions"]))
            {
                var type = AccountFixture.Str(a, "type") ?? "forward";
                xml.Append("<member>").Append(Wire.El("Type", type)).Append(Wire.El("Order", order++.ToString(CultureInfo.InvariantCulture)));
                if (type == "redirect")
                {
                    xml.Append("<RedirectConfig>").Append(Wire.El("Protocol", AccountFixture.Str(a, "redirectProtocol") ?? "#{protocol}"))
                        .Append(Wire.El("Port", AccountFixture.Str(a, "redirectPort") ?? "#{port}")).Append(Wire.El("Host", "#{host}"))
                        .Append(Wire.El("Path", "/#{path}")).Append(Wire.El("Query", "#{query}")).Append(Wire.El("StatusCode", "HTTP_301")).Append("</RedirectConfig>");
                }
                else if (type == "forward")
                {
                    xml.Append(Wire.El("TargetGroupArn", $"arn:{fixture.Partition}:elasticloadbalancing:{fixture.Region}:{fixture.Account}:targetgroup/{AccountFixture.Str(lb, "loadBalancerName")}/{i + 1:x16}"));
                }
                xml.Append("</member>");
            }
            xml.Append("</DefaultActions></member>");
        }
        xml.Append("</Listeners>");
        if (next is not null) xml.Append(Wire.El("NextMarker", next));
        return Result("DescribeListeners", xml.ToString());
    }

    private EmulatorResponse DescribeAttributes(EmulatorRequest r)
    {
        var lb = Find(r.RequiredParam("LoadBalancerArn"));
        var xml = new StringBuilder("<Attributes>");
        foreach (var (key, value) in lb["attributes"] as JsonObject ?? [])
            xml.Append("<member>").Append(Wire.El("Key", key)).Append(Wire.El("Value", value)).Append("</member>");
        xml.Append("</Attributes>");
        return Result("DescribeLoadBalancerAttributes", xml.ToString());
    }
}
