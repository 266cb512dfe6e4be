using System.Text;
using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>Amazon EC2 (ec2 query protocol, XML with item lists) from the fixture's ec2 section.</summary>
public sealed class Ec2Service(AccountFixture fixture) : IEmulatedService
{
    public string Name => "ec2";

    public IReadOnlyCollection<string> Operations { get; } = ["DescribeInstances", "DescribeSecurityGroups", "DescribeFlowLogs", "DescribeLaunchTemplateVersions", "GetEbsEncryptionByDefault", "DescribeVolumes"];

    private JsonObject Section => fixture.Section("ec2");

    public EmulatorResponse Handle(EmulatorRequest r) => r.Operation switch
    {
        "DescribeInstances" => DescribeInstances(r),
        "DescribeSecurityGroups" => DescribeSecurityGroups(r),
        "DescribeFlowLogs" => DescribeFlowLogs(r),
        "DescribeLaunchTemplateVersions" => DescribeLaunchTemplateVersions(r),
        "DescribeVolumes" => DescribeVolumes(r),
        "GetEbsEncryptionByDefault" => Wire.Ec2Result("GetEbsEncryptionByDefault",
            Wire.El("ebsEncryptionByDefault", Section["ebsEncryptionByDefault"]?.GetValue<bool>() == true ? "true" : "false") + Wire.El("sseType", "sse-ebs")),
        _ => throw new EmulatorErrorException(400, "InvalidAction", $"The action {r.Operation} is not valid for this web service."),
    };

    private static List<(string Name, List<string> Values)> Filters(EmulatorRequest r)
    {
        var filters = new List<(string, List<string>)>();
        for (var i = 1; r.Param($"Filter.{i}.Name") is { } name; i++) filters.Add((name, r.NumberedList($"Filter.{i}.Value").ToList()));
        return filters;
    }

    /// <summary>
    /// The objects of the fixture's <paramref name="list"/> a Describe call selects: those its <paramref name="idParameter"/>.N
    /// list names (each must exist when <paramref name="notFound"/> is given) that match every filter; <paramref name="field"/>
    /// reads a filter's field (tag:K filters are read for every list).
    /// </summary>
    private List<JsonObject> Select(EmulatorRequest r, string list, string idParameter, string idField, Func<string, EmulatorErrorException>? notFound,
        Func<JsonObject, string, string?> field)
    {
        var ids = r.NumberedList(idParameter);
        var all = AccountFixture.Objects(Section[list]).ToList();
        if (notFound is not null && ids.FirstOrDefault(id => all.All(o => AccountFixture.Str(o, idField) != id)) is { } missing)
            throw notFound(missing);
        var filters = Filters(r);
        return [.. all.Where(o => (ids.Count == 0 || ids.Contains(AccountFixture.Str(o, idField)!)) && Matches(o, filters, field))];
    }

    private (IReadOnlyList<JsonObject> Items, string? NextToken) Page(EmulatorRequest r, List<JsonObject> selected) =>
        Paging.Page(selected, r.Param("NextToken"), r.IntParam("MaxResults"), fixture.PageSize, "InvalidParameterValue");

    private static string Tag(JsonObject o, string key) => o["tags"] is JsonObject tags && tags[key] is JsonValue v ? v.GetValue<string>() : "";

    private static bool Matches(JsonObject item, List<(string Name, List<string> Values)> filters, Func<JsonObject, string, string?> field) =>
        filters.All(f => f.Values.Contains(f.Name.StartsWith("tag:", StringComparison.Ordinal) ? Tag(item, f.Name[4..]) : field(item, f.Name)
            ?? throw new EmulatorErrorException(400, "InvalidParameterValue", $"The filter '{f.Name}' is invalid")));

    private EmulatorResponse DescribeInstances(EmulatorRequest r)
    {
        if (r.NumberedList("InstanceId").Count > 0 && r.Param("MaxResults") is not null)
            throw new EmulatorErrorException(400, "InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
        var selected = Select(r, "instances", "InstanceId", "instanceId", id => new EmulatorErrorException(400, "InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist"), (o, name) => name switch
        {
            "instance-id" => AccountFixture.Str(o, "instanceId"),
            "vpc-id" => AccountFixture.Str(o, "vpcId"),
            "subnet-id" => AccountFixture.Str(o, "subnetId"),
            "instance-state-name" => AccountFixture.Str(o, "state") ?? "running",
            _ => null,
        });
        var (items, next) = Page(r, selected);
        var xml = new StringBuilder("<reservationSet>");
        foreach (var i in items)
        {
            xml.Append("<item>").Append(Wire.El("reservationId", "r-" + AccountFixture.Str(i, "instanceId")![2..])).Append(Wire.El("ownerId", fixture.Account))
                .Append("<groupSet/><instancesSet><item>").Append(Instance(i)).Append("</item></instancesSet></item>");
        }
        xml.Append("</reservationSet>");
        if (next is not null) xml.Append(Wire.El("nextToken", next));
        return Wire.Ec2Result("DescribeInstances", xml.ToString());
    }

    private static string Instance(JsonObject i)
    {
        var state = AccountFixture.Str(i, "state") ?? "running";
        var code = state switch { "pending" => 0, "running" => 16, "stopping" => 64, "stopped" => 80, "terminated" => 48, _ => 16 };
        var xml = new StringBuilder()
            .Append(Wire.El("instanceId", AccountFixture.Str(i, "instanceId")))
            .Append(Wire.El("imageId", AccountFixture.Str(i, "imageId")))
            .Append($"<instanceState><code>{code}</code><name>{state}</name></instanceState>")
            .Append(Wire.El("privateDnsName", AccountFixture.Str(i, "privateDnsName")))
            .Append(Wire.El("dnsName", AccountFixture.Str(i, "dnsName") ?? ""))
            .Append(Wire.El("instanceType", AccountFixture.Str(i, "instanceType")))
            .Append(Wire.El("launchTime", Wire.Iso(i["launchTime"])))
            .Append(Wire.El("subnetId", AccountFixture.Str(i, "subnetId")))
            .Append(Wire.El("vpcId", AccountFixture.Str(i, "vpcId")))
            .Append(Wire.El("privateIpAddress", AccountFixture.Str(i, "privateIpAddress")))
            .Append(Wire.El("ipAddress", AccountFixture.Str(i, "ipAddress")))
            .Append("<groupSet>");
        foreach (var g in AccountFixture.Objects(i["securityGroups"]))
            xml.Append("<item>").Append(Wire.El("groupId", AccountFixture.Str(g, "groupId"))).Append(Wire.El("groupName", AccountFixture.Str(g, "groupName"))).Append("</item>");
        xml.Append("</groupSet>");
        if (AccountFixture.Str(i, "iamInstanceProfileArn") is { } profile)
            xml.Append("<iamInstanceProfile>").Append(Wire.El("arn", profile)).Append(Wire.El("id", "AIPAEXAMPLE1234567890")).Append("</iamInstanceProfile>");
        xml.Append("<tagSet>");
        if (i["tags"] is JsonObject tags)
            foreach (var (k, v) in tags) xml.Append("<item>").Append(Wire.El("key", k)).Append(Wire.El("value", v)).Append("</item>");
        xml.Append("</tagSet>");
        if (i["metadataOptions"] is JsonObject md)
        {
            xml.Append("<metadataOptions>").Append(Wire.El("state", AccountFixture.Str(md, "state") ?? "applied"))
                .Append(Wire.El("httpTokens", AccountFixture.Str(md, "httpTokens") ?? "required"))
                .Append(Wire.El("httpPutResponseHopLimit", md["httpPutResponseHopLimit"] ?? JsonValue.Create(1)))
                .Append(Wire.El("httpEndpoint", AccountFixture.Str(md, "httpEndpoint") ?? "enabled"))
                .Append("<httpProtocolIpv6>disabled</httpProtocolIpv6><instanceMetadataTags>disabled</instanceMetadataTags></metadataOptions>");
        }
        return xml.ToString();
    }

    private EmulatorResponse DescribeSecurityGroups(EmulatorRequest r)
    {
        var selected = Select(r, "securityGroups", "GroupId", "groupId", id => new EmulatorErrorException(400, "InvalidGroup.NotFound", $"The security group '{id}' does not exist"), (o, name) => name switch
        {
            "group-id" => AccountFixture.Str(o, "groupId"),
            "vpc-id" => AccountFixture.Str(o, "vpcId"),
            "group-name" => AccountFixture.Str(o, "groupName"),
            _ => null,
        });
        var (items, next) = Page(r, selected);
        var xml = new StringBuilder("<securityGroupInfo>");
        foreach (var g in items)
        {
            xml.Append("<item>").Append(Wire.El("ownerId", fixture.Account)).Append(Wire.El("groupId", AccountFixture.Str(g, "groupId")))
                .Append(Wire.El("groupName", AccountFixture.Str(g, "groupName"))).Append(Wire.El("groupDescription", AccountFixture.Str(g, "description") ?? ""))
                .Append(Wire.El("vpcId", AccountFixture.Str(g, "vpcId")))
                .Append("<ipPermissions>").Append(Permissions(g["ipPermissions"])).Append("</ipPermissions>")
                .Append("<ipPermissionsEgress>").Append(Permissions(g["ipPermissionsEgress"])).Append("</ipPermissionsEgress>")
                .Append("</item>");
        }
        xml.Append("</securityGroupInfo>");
        if (next is not null) xml.Append(Wire.El("nextToken", next));
        return Wire.Ec2Result("DescribeSecurityGroups", xml.ToString());
    }

    private static string Permissions(JsonNode? list)
    {
        var xml = new StringBuilder();
        foreach (var p in AccountFixture.Objects(list))
        {
            xml.Append("<item>").Append(Wire.El("ipProtocol", AccountFixture.Str(p, "ipProtocol") ?? "-1"))
                .Append(Wire.El("fromPort", p["fromPort"])).Append(Wire.El("toPort", p["toPort"])).Append("<groups>");
            foreach (var g in (p["sourceGroups"] as JsonArray) ?? []) xml.Append("<item>").Append(Wire.El("groupId", g?.GetValue<string>())).Append("</item>");
            xml.Append("</groups><ipRanges>");
            foreach (var c in (p["ipRanges"] as JsonArray) ?? []) xml.Append("<item>").Append(Wire.El("cidrIp", c?.GetValue<string>())).Append("</item>");
            xml.Append("</ipRanges><ipv6Ranges>");
            foreach (var c in (p["ipv6Ranges"] as JsonArray) ?? []) xml.Append("<item>").Append(Wire.El("cidrIpv6", c?.GetValue<string>())).Append("</item>");
            xml.Append("</ipv6Ranges><prefixListIds/></item>");
        }
        return xml.ToString();
    }

    private EmulatorResponse DescribeFlowLogs(EmulatorRequest r)
    {
        var selected = Select(r, "flowLogs", "FlowLogId", "flowLogId", notFound: null, (o, name) => name switch
        {
            "resource-id" => AccountFixture.Str(o, "resourceId"),
            "flow-log-id" => AccountFixture.Str(o, "flowLogId"),
            "traffic-type" => AccountFixture.Str(o, "trafficType"),
            "deliver-log-status" => AccountFixture.Str(o, "deliverLogsStatus"),
            _ => null,
        });
        var (items, next) = Page(r, selected);
        var xml = new StringBuilder("<flowLogSet>");
        foreach (var f in items)
        {
            xml.Append("<item>").Append(Wire.El("creationTime", Wire.Iso(f["creationTime"]) ?? "2025-01-01T00:00:00.000Z"))
                .Append(Wire.El("deliverLogsStatus", AccountFixture.Str(f, "deliverLogsStatus") ?? "SUCCESS"))
                .Append(Wire.El("flowLogId", AccountFixture.Str(f, "flowLogId")))
                .Append(Wire.El("flowLogStatus", AccountFixture.Str(f, "flowLogStatus") ?? "ACTIVE"))
                .Append(Wire.El("resourceId", AccountFixture.Str(f, "resourceId")))
                .Append(Wire.El("trafficType", AccountFixture.Str(f, "trafficType") ?? "ALL"))
                .Append(Wire.El("logDestinationType", AccountFixture.Str(f, "logDestinationType") ?? "cloud-watch-logs"))
                .Append(Wire.El("logDestination", AccountFixture.Str(f, "logDestination")))
                .Append(Wire.El("maxAggregationInterval", "600"))
                .Append("</item>");
        }
        xml.Append("</flowLogSet>");
        if (next is not null) xml.Append(Wire.El("nextToken", next));
        return Wire.Ec2Result("DescribeFlowLogs", xml.ToString());
    }

    /// <summary>
    /// Versions of one launch template (fixture ec2.launchTemplates: launchTemplateId, launchTemplateName, defaultVersion,
    /// versions[].versionNumber and launchTemplateData with metadataOptions, networkInterfaces and userData as plain text,
    /// sent base64 like EC2). Versions: numbers, $Default or $Latest; none means all.
    /// </summary>
    private EmulatorResponse DescribeLaunchTemplateVersions(EmulatorRequest r)
    {
        var id = r.Param("LaunchTemplateId");
        var name = r.Param("LaunchTemplateName");
        if (id is not null && name is not null)
            throw new EmulatorErrorException(400, "InvalidParameterCombination", "Only one of LaunchTemplateId or LaunchTemplateName may be specified.");
        var templates = AccountFixture.Objects(Section["launchTemplates"]).ToList();
        var template = id is not null
            ? templates.FirstOrDefault(t => AccountFixture.Str(t, "launchTemplateId") == id)
              ?? throw new EmulatorErrorException(400, "InvalidLaunchTemplateId.NotFound", $"The specified launch template, with template ID {id}, does not exist.")
            : name is not null
                ? templates.FirstOrDefault(t => AccountFixture.Str(t, "launchTemplateName") == name)
                  ?? throw new EmulatorErrorException(400, "InvalidLaunchTemplateName.NotFoundException", $"The specified launch template, with template name {name}, does not exist.")
                : throw new EmulatorErrorException(400, "MissingParameter", "The request must contain the parameter LaunchTemplateId or LaunchTemplateName");
        var versions = AccountFixture.Objects(template["versions"]).ToList();
        var defaultVersion = AccountFixture.Long(template["defaultVersion"]) ?? 1;
        var latest = versions.Count == 0 ? 1 : versions.Max(v => AccountFixture.Long(v["versionNumber"]) ?? 1);
        var wanted = r.NumberedList("LaunchTemplateVersion");
        var selected = new List<JsonObject>();
        foreach (var w in wanted.Count == 0 ? versions.Select(v => (AccountFixture.Long(v["versionNumber"]) ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) : wanted)
        {
            var number = w switch { "$Default" => defaultVersion, "$Latest" => latest, _ => long.TryParse(w, out var n) ? n : -1 };
            var v = versions.FirstOrDefault(x => (AccountFixture.Long(x["versionNumber"]) ?? 1) == number)
                ?? throw new EmulatorErrorException(400, "InvalidLaunchTemplateId.VersionNotFound", $"Could not find launch template version {w} for template {AccountFixture.Str(template, "launchTemplateId")}.");
            selected.Add(v);
        }
        var xml = new StringBuilder("<launchTemplateVersionSet>");
        foreach (var v in selected)
        {
            var number = AccountFixture.Long(v["versionNumber"]) ?? 1;
            var data = v["launchTemplateData"] as JsonObject ?? new JsonObject();
            xml.Append("<item>").Append(Wire.El("launchTemplateId", AccountFixture.Str(template, "launchTemplateId")))
                .Append(Wire.El("launchTemplateName", AccountFixture.Str(template, "launchTemplateName")))
                .Append(Wire.El("versionNumber", number.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(Wire.El("defaultVersion", number == defaultVersion ? "true" : "false"))
                .Append(Wire.El("createTime", "2025-01-01T00:00:00.000Z"))
                .Append(Wire.El("createdBy", $"arn:{fixture.Partition}:iam::{fixture.Account}:root"))
                .Append("<launchTemplateData>");
            if (data["metadataOptions"] is JsonObject md)
            {
                xml.Append("<metadataOptions>").Append(Wire.El("state", "applied"))
                    .Append(Wire.El("httpTokens", AccountFixture.Str(md, "httpTokens")))
                    .Append(Wire.El("httpPutResponseHopLimit", md["httpPutResponseHopLimit"]))
                    .Append(Wire.El("httpEndpoint", AccountFixture.Str(md, "httpEndpoint")))
                    .Append("</metadataOptions>");
            }
            if (data["networkInterfaces"] is JsonArray interfaces)
            {
                xml.Append("<networkInterfaceSet>");
                foreach (var n in interfaces.OfType<JsonObject>())
                {
                    xml.Append("<item>").Append(Wire.El("deviceIndex", n["deviceIndex"] ?? JsonValue.Create(0)))
                        .Append(Wire.El("associatePublicIpAddress", n["associatePublicIpAddress"] is JsonValue b ? (b.GetValue<bool>() ? "true" : "false") : null))
                        .Append("</item>");
                }
                xml.Append("</networkInterfaceSet>");
            }
            if (AccountFixture.Str(data, "userData") is { } userData)
                xml.Append(Wire.El("userData", Convert.ToBase64String(Encoding.UTF8.GetBytes(userData))));
            xml.Append("</launchTemplateData></item>");
        }
        xml.Append("</launchTemplateVersionSet>");
        return Wire.Ec2Result("DescribeLaunchTemplateVersions", xml.ToString());
    }

    /// <summary>EBS volumes (fixture ec2.volumes: volumeId, encrypted, kmsKeyId, size, volumeType, state), by VolumeId.N or a volume-id filter.</summary>
    private EmulatorResponse DescribeVolumes(EmulatorRequest r)
    {
        var selected = Select(r, "volumes", "VolumeId", "volumeId", id => new EmulatorErrorException(400, "InvalidVolume.NotFound", $"The volume '{id}' does not exist."), (o, name) => name switch
        {
            "volume-id" => AccountFixture.Str(o, "volumeId"),
            "encrypted" => o["encrypted"]?.GetValue<bool>() == true ? "true" : "false",
            _ => null,
        });
        var (items, next) = Page(r, selected);
        var xml = new StringBuilder("<volumeSet>");
        foreach (var v in items)
        {
            xml.Append("<item>").Append(Wire.El("volumeId", AccountFixture.Str(v, "volumeId")))
                .Append(Wire.El("size", v["size"] ?? JsonValue.Create(20)))
                .Append(Wire.El("availabilityZone", AccountFixture.Str(v, "availabilityZone") ?? fixture.Region + "a"))
                .Append(Wire.El("status", AccountFixture.Str(v, "state") ?? "in-use"))
                .Append(Wire.El("createTime", "2025-06-01T00:00:00.000Z"))
                .Append(Wire.El("volumeType", AccountFixture.Str(v, "volumeType") ?? "gp3"))
                .Append(Wire.El("encrypted", v["encrypted"]?.GetValue<bool>() == true ? "true" : "false"))
                .Append(Wire.El("kmsKeyId", AccountFixture.Str(v, "kmsKeyId")))
                .Append("<attachmentSet/><tagSet/></item>");
        }
        xml.Append("</volumeSet>");
        if (next is not null) xml.Append(Wire.El("nextToken", next));
        return Wire.Ec2Result("DescribeVolumes", xml.ToString());
    }
}
