using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Tests.Support;

/// <summary>Runs one check over an inventory and asserts on its findings.</summary>
public static class Run
{
    public static IReadOnlyList<Finding> Check<T>(ClusterInventory inventory)
        where T : ICheck, new()
    {
        var check = new T();
        var findings = check.Evaluate(inventory).ToList();
        Assert.All(findings, f => Assert.Equal(check.Descriptor.Id, f.CheckId));
        return findings;
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

    public static void Passes<T>(WorkloadRecord workload)
        where T : ICheck, new() => Passes<T>(Build.Of(workload));

    public static Finding FailsOnce<T>(WorkloadRecord workload)
        where T : ICheck, new() => FailsOnce<T>(Build.Of(workload));
}
