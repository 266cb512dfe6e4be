namespace KubePosture.AwsChecks.Tests.Support;

public enum Outcome
{
    Pass,
    Fail,
}

/// <summary>
/// Declares that a test asserts an AWS-side or linked check's pass or fail behaviour. The convention test here
/// requires, for every check that reads AWS (<c>RequiresAws</c>), at least one test marked Pass and one marked Fail;
/// KubePosture.Checks.Tests requires the same of the in-cluster checks.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class CoversAttribute(string checkId, Outcome outcome) : Attribute
{
    public string CheckId { get; } = checkId;

    public Outcome Outcome { get; } = outcome;
}
