using System.Text.Json;

namespace KubePosture.Aws.Tests;

/// <summary>deploy/iam-policy.json grants exactly the read-only actions the code calls.</summary>
public sealed class IamPolicyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HashSet<string> PolicyActions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "iam-policy.json")));
        var actions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in doc.RootElement.GetProperty("Statement").EnumerateArray())
        {
            Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
            var action = statement.GetProperty("Action");
            if (action.ValueKind == JsonValueKind.String) actions.Add(action.GetString()!);
            else foreach (var a in action.EnumerateArray()) actions.Add(a.GetString()!);
        }
        return actions;
    }

    [Fact]
    public void The_policy_grants_exactly_the_actions_of_the_operation_catalog()
    {
        var policy = PolicyActions();
        var code = AwsOperations.All.Select(o => o.IamAction).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(code.Except(policy));  // called by code, missing from the policy
        Assert.Empty(policy.Except(code));  // granted but never called
        Assert.All(policy, a => Assert.DoesNotContain("*", a));
        var export = AwsOperations.Export.Select(o => o.IamAction).ToHashSet(StringComparer.Ordinal);
        Assert.All(policy.Where(a => !a.StartsWith("sts:", StringComparison.Ordinal) && !export.Contains(a)),
            a => Assert.Matches("^[a-z0-9]+:(Describe|Get|List|BatchGet)[A-Za-z]+$", a));
    }

    [Fact]
    public void The_export_actions_are_an_optional_statement_of_their_own()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "iam-policy.json")));
        var statement = Assert.Single(doc.RootElement.GetProperty("Statement").EnumerateArray(), s => s.GetProperty("Sid").GetString() == "OptionalSecurityHubExport");

        Assert.Equal(AwsOperations.Export.Select(o => o.IamAction).Order(StringComparer.Ordinal), statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        Assert.DoesNotContain(doc.RootElement.GetProperty("Statement").EnumerateArray().Where(s => s.GetProperty("Sid").GetString() != "OptionalSecurityHubExport"),
            s => s.GetProperty("Action").EnumerateArray().Any(a => a.GetString()!.StartsWith("securityhub:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_call_a_full_scan_makes_is_granted_by_the_policy()
    {
        await using var aws = await AwsTestContext.StartAsync();
        await DemoSweep.RunAsync(aws.Session, Ct);
        var policy = PolicyActions();

        var called = aws.Server.Requests.Entries.Select(e => $"{e.Service}:{e.Operation}").Distinct().ToArray();

        Assert.All(called, a => Assert.Contains(a, policy));
        // The sweep reaches every emulated read operation except STS's credential exchanges (and the export's, which scans do not make).
        Assert.Empty(aws.Server.Operations.Except(called).Except(["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]).Except(AwsOperations.Export.Select(o => o.IamAction)));
    }

    [Fact]
    public void Operation_catalog_names_match_their_actions()
    {
        Assert.All(AwsOperations.All, o => Assert.Equal($"{o.Service}:{o.Name}", o.IamAction));
        Assert.Equal(AwsOperations.All.Count, AwsOperations.All.Select(o => o.IamAction).Distinct().Count());
    }
}
