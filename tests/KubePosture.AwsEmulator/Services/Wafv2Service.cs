using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>
/// AWS WAF v2 (awsJson1_1, target prefix AWSWAF_20190729) from the fixture's wafv2.webAcls: name, id, and
/// loadBalancers (names of elasticloadbalancing.loadBalancers the regional web ACL is associated with).
/// GetWebACLForResource answers {} when none is (as AWS does), WAFNonexistentItemException for an unknown resource.
/// </summary>
public sealed class Wafv2Service(AccountFixture fixture) : IEmulatedService
{
    public string Name => "wafv2";

    public IReadOnlyCollection<string> Operations { get; } = ["GetWebACLForResource"];

    public string WebAclArn(JsonObject acl) =>
        $"arn:{fixture.Partition}:wafv2:{fixture.Region}:{fixture.Account}:regional/webacl/{AccountFixture.Str(acl, "name")}/{AccountFixture.Str(acl, "id")}";

    public EmulatorResponse Handle(EmulatorRequest r)
    {
        if (r.Operation != "GetWebACLForResource") throw new EmulatorErrorException(400, "UnknownOperationException", r.Operation);
        var resource = r.RequiredJsonString("ResourceArn");
        var loadBalancers = AccountFixture.Objects(fixture.Section("elasticloadbalancing")["loadBalancers"]).ToList();
        var lb = loadBalancers.FirstOrDefault(l => Elbv2Service.Arn(fixture, l) == resource)
            ?? throw new EmulatorErrorException(400, "WAFNonexistentItemException", "AWS WAF couldn’t perform the operation because your resource doesn’t exist.");
        var name = AccountFixture.Str(lb, "loadBalancerName");
        var acl = AccountFixture.Objects(fixture.Section("wafv2")["webAcls"])
            .FirstOrDefault(a => (a["loadBalancers"] as JsonArray)?.Any(n => n?.GetValue<string>() == name) == true);
        if (acl is null) return Wire.Json(new JsonObject());
        return Wire.Json(new JsonObject
        {
            ["WebACL"] = new JsonObject
            {
#pragma warning disable CA1507 // "Name" is the wire field of a WebACL, not this service's Name property
                ["Name"] = AccountFixture.Str(acl, "name"),
#pragma warning restore CA1507
                ["Id"] = AccountFixture.Str(acl, "id"),
                ["ARN"] = WebAclArn(acl),
                ["DefaultAction"] = new JsonObject { ["Allow"] = new JsonObject() },
                ["Rules"] = new JsonArray(),
                ["VisibilityConfig"] = new JsonObject { ["SampledRequestsEnabled"] = true, ["CloudWatchMetricsEnabled"] = true, ["MetricName"] = AccountFixture.Str(acl, "name") },
                ["Capacity"] = 0,
                ["ManagedByFirewallManager"] = false,
                ["LabelNamespace"] = $"awswaf:{fixture.Account}:webacl:{AccountFixture.Str(acl, "name")}:",
            },
        });
    }
}
