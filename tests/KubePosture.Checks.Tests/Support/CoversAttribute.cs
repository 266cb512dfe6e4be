namespace KubePosture.Checks.Tests.Support;

public enum Outcome
{
    Pass,
    Fail,
}

/// <summary>
/// Declares that a test asserts a check's pass or fail behaviour. The convention test requires, for every check of
/// the catalog, at least one test marked Pass and one marked Fail.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class CoversAttribute(string checkId, Outcome outcome) : Attribute
{
    public string CheckId { get; } = checkId;

    public Outcome Outcome { get; } = outcome;
}
