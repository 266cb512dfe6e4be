using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>Amazon CloudWatch Logs (awsJson1_1, target prefix Logs_20140328) from the fixture's logs.logGroups.</summary>
public sealed class LogsService(AccountFixture fixture) : IEmulatedService
{
    public string Name => "logs";

    public IReadOnlyCollection<string> Operations { get; } = ["DescribeLogGroups"];

    public EmulatorResponse Handle(EmulatorRequest r)
    {
        if (r.Operation != "DescribeLogGroups") throw new EmulatorErrorException(400, "UnknownOperationException", r.Operation);
        var prefix = r.JsonString("logGroupNamePrefix") ?? "";
        if (r.JsonInt("limit") is { } limit && (limit < 1 || limit > 50))
            throw new EmulatorErrorException(400, "InvalidParameterException", "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50");
        var groups = AccountFixture.Objects(fixture.Section("logs")["logGroups"])
            .Where(g => (AccountFixture.Str(g, "logGroupName") ?? "").StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(g => AccountFixture.Str(g, "logGroupName"), StringComparer.Ordinal)
            .Select(g =>
            {
                var name = AccountFixture.Str(g, "logGroupName")!;
                var o = (JsonObject)g.DeepClone();
                o["arn"] = $"arn:{fixture.Partition}:logs:{fixture.Region}:{fixture.Account}:log-group:{name}:*";
                o["logGroupArn"] = $"arn:{fixture.Partition}:logs:{fixture.Region}:{fixture.Account}:log-group:{name}";
                o["creationTime"] ??= 1735689600000L;
                o["metricFilterCount"] ??= 0;
                o["storedBytes"] ??= 0;
                o["logGroupClass"] ??= "STANDARD";
                return o;
            }).ToList();
        var (items, next) = Paging.Page(groups, r.JsonString("nextToken"), r.JsonInt("limit"), fixture.PageSize);
        return Wire.Json(Paging.JsonBody("logGroups", items, next));
    }
}
