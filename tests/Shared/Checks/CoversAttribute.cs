using System.Reflection;
using KubePosture.Checks.Engine;

namespace KubePosture.Tests.Shared.Checks;

public enum Outcome
{
    Pass,
    Fail,
}

/// <summary>
/// Declares that a test asserts a check's pass or fail behaviour. The convention tests of KubePosture.Checks.Tests
/// (in-cluster checks) and KubePosture.AwsChecks.Tests (checks that read AWS) require, for every check of their part
/// of the catalog, at least one test marked Pass and one marked Fail.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class CoversAttribute(string checkId, Outcome outcome) : Attribute
{
    public string CheckId { get; } = checkId;

    public Outcome Outcome { get; } = outcome;
}

/// <summary>What the [Covers] attributes of a test assembly leave out of a catalog, and what they name that it lacks.</summary>
public static class CheckCoverage
{
    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unknown) Of(Assembly tests, IReadOnlyCollection<ICheck> catalog)
    {
        var covered = tests.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any())
            .SelectMany(m => m.GetCustomAttributes<CoversAttribute>())
            .Select(a => (a.CheckId, a.Outcome))
            .ToHashSet();
        var missing = catalog
            .SelectMany(c => new[] { (c.Descriptor.Id, Outcome.Pass), (c.Descriptor.Id, Outcome.Fail) })
            .Where(x => !covered.Contains(x))
            .Select(x => $"{x.Item1} {x.Item2}")
            .ToList();
        var unknown = covered.Select(c => c.CheckId).Except(catalog.Select(c => c.Descriptor.Id)).ToList();
        return (missing, unknown);
    }
}
