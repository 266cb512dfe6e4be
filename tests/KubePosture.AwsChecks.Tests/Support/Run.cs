using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.AwsChecks.Tests.Support;

/// <summary>Runs one check over an inventory (through the engine, so not-evaluated rules apply) and asserts on its findings.</summary>
public static class Run
{
    public static IReadOnlyList<Finding> Check<T>(ClusterInventory inventory)
        where T : ICheck, new()
    {
        var check = new T();
        var result = CheckEngine.Run([check], inventory, CheckSelection.All);
        Assert.True(result.ChecksNotEvaluated.Count == 0,
            $"{check.Descriptor.Id} was not evaluated: {string.Join("; ", result.ChecksNotEvaluated.Values)}");
        Assert.All(result.Findings, f => Assert.Equal(check.Descriptor.Id, f.CheckId));
        return result.Findings;
    }

    public static void Passes<T>(ClusterInventory inventory)
        where T : ICheck, new()
    {
        var findings = Check<T>(inventory);
        Assert.True(findings.Count == 0, $"expected no findings, got: {string.Join(" | ", findings.Select(f => f.Message))}");
    }

    public static Finding FailsOnce<T>(ClusterInventory inventory)
        where T : ICheck, new()
    {
        var findings = Check<T>(inventory);
        Assert.True(findings.Count == 1, $"expected one finding, got {findings.Count}: {string.Join(" | ", findings.Select(f => f.Message))}");
        return findings[0];
    }

    /// <summary>The reason the engine gives for not evaluating the check (fails when it was evaluated).</summary>
    public static string NotEvaluated<T>(ClusterInventory inventory)
        where T : ICheck, new()
    {
        var check = new T();
        var result = CheckEngine.Run([check], inventory, CheckSelection.All);
        Assert.Empty(result.Findings);
        Assert.Empty(result.ChecksRun);
        return Assert.Single(result.ChecksNotEvaluated, kv => kv.Key == check.Descriptor.Id).Value;
    }
}
