using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>Amazon Inspector (inspector2, restJson1) from the fixture's inspector2.resourceState (ec2, ecr, lambda → status).</summary>
public sealed class InspectorService(AccountFixture fixture) : IEmulatedService
{
    public string Name => "inspector2";

    public IReadOnlyCollection<string> Operations { get; } = ["BatchGetAccountStatus"];

    public static (string Operation, string[] Labels)? Route(string method, string[] segments) => (method, segments) switch
    {
        ("POST", ["status", "batch", "get"]) => ("BatchGetAccountStatus", []),
        _ => null,
    };

    public EmulatorResponse Handle(EmulatorRequest r)
    {
        var section = fixture.Section("inspector2");
        var accounts = new JsonArray();
        var failed = new JsonArray();
        foreach (var id in (r.Json["accountIds"] as JsonArray)?.Select(a => a!.GetValue<string>()) ?? [fixture.Account])
        {
            if (id != fixture.Account)
            {
                failed.Add(new JsonObject { ["accountId"] = id, ["errorCode"] = "ACCESS_DENIED", ["errorMessage"] = "not a member of this account's organization" });
                continue;
            }
            var state = new JsonObject();
            foreach (var type in new[] { "ec2", "ecr", "lambda" })
                state[type] = new JsonObject { ["status"] = AccountFixture.Str(section["resourceState"], type) ?? "DISABLED" };
            var any = state.Any(s => AccountFixture.Str(s.Value, "status") == "ENABLED");
            accounts.Add(new JsonObject { ["accountId"] = id, ["resourceState"] = state, ["state"] = new JsonObject { ["status"] = any ? "ENABLED" : "DISABLED" } });
        }
        return Wire.Json(new JsonObject { ["accounts"] = accounts, ["failedAccounts"] = failed }, EmulatorProtocol.RestJson);
    }
}
