using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>AWS Systems Manager (awsJson1_1) from the fixture's ssm section.</summary>
public sealed class SsmService(AccountFixture fixture) : IEmulatedService
{
    public string Name => "ssm";

    public IReadOnlyCollection<string> Operations { get; } = ["GetParameter", "DescribeInstancePatchStates", "DescribeInstanceInformation"];

    private JsonObject Section => fixture.Section("ssm");

    public EmulatorResponse Handle(EmulatorRequest r) => r.Operation switch
    {
        "GetParameter" => GetParameter(r),
        "DescribeInstancePatchStates" => DescribePatchStates(r),
        "DescribeInstanceInformation" => DescribeInstanceInformation(r),
        _ => throw new EmulatorErrorException(400, "UnknownOperationException", r.Operation),
    };

    private EmulatorResponse GetParameter(EmulatorRequest r)
    {
        var name = r.RequiredJsonString("Name");
        var p = AccountFixture.Objects(Section["parameters"]).FirstOrDefault(x => AccountFixture.Str(x, "Name") == name)
            ?? throw new EmulatorErrorException(400, "ParameterNotFound", $"Parameter {name} not found.");
        var o = (JsonObject)p.DeepClone();
        o["Type"] ??= "String";
        o["Version"] ??= 1;
        o["DataType"] ??= "text";
        var publicParameter = name.StartsWith("/aws/service/", StringComparison.Ordinal);
        o["ARN"] ??= $"arn:{fixture.Partition}:ssm:{fixture.Region}:{(publicParameter ? "" : fixture.Account)}:parameter{(name.StartsWith('/') ? name : "/" + name)}";
        return Wire.Json(new JsonObject { ["Parameter"] = o });
    }

    private EmulatorResponse DescribePatchStates(EmulatorRequest r)
    {
        var ids = (r.Json["InstanceIds"] as JsonArray)?.Select(i => i!.GetValue<string>()).ToHashSet()
            ?? throw new EmulatorErrorException(400, "ValidationException", "1 validation error detected: Value null at 'instanceIds' failed to satisfy constraint: Member must not be null");
        var states = AccountFixture.Objects(Section["patchStates"]).Where(s => ids.Contains(AccountFixture.Str(s, "InstanceId") ?? "")).ToList();
        return Page(r, states, "InstancePatchStates");
    }

    private EmulatorResponse DescribeInstanceInformation(EmulatorRequest r)
    {
        var all = AccountFixture.Objects(Section["instanceInformation"]).ToList();
        HashSet<string>? ids = null;
        foreach (var f in AccountFixture.Objects(r.Json["Filters"]).Concat(AccountFixture.Objects(r.Json["InstanceInformationFilterList"])))
        {
            var key = AccountFixture.Str(f, "Key") ?? AccountFixture.Str(f, "key");
            var values = (f["Values"] ?? f["valueSet"]) as JsonArray;
            if (key is "InstanceIds" && values is not null) ids = values.Select(v => v!.GetValue<string>()).ToHashSet();
        }
        if (ids is not null) all = all.Where(i => ids.Contains(AccountFixture.Str(i, "InstanceId") ?? "")).ToList();
        return Page(r, all, "InstanceInformationList");
    }

    private EmulatorResponse Page(EmulatorRequest r, List<JsonObject> all, string field)
    {
        var (items, next) = Paging.Page(all, r.JsonString("NextToken"), r.JsonInt("MaxResults"), fixture.PageSize, "InvalidNextToken");
        return Wire.Json(Paging.JsonBody(field, items.Select(i => i.DeepClone()), next, "NextToken"));
    }
}
