namespace KubePosture.Checks.Compliance;

/// <summary>A control's result in one scan.</summary>
public enum ControlOutcome
{
    /// <summary>Every check that decides the control ran and none has an active finding.</summary>
    Pass,

    /// <summary>A check that decides the control has an active finding (listed).</summary>
    Fail,

    /// <summary>Needs a person; never passed on our word.</summary>
    Manual,

    /// <summary>AWS's responsibility; never passed on our word.</summary>
    AwsManaged,

    /// <summary>A check that decides the control did not run (a source unavailable, out of scope, excluded): never passed.</summary>
    NotEvaluated,

    /// <summary>Every check ran and every failing finding is suppressed by a PostureException or an exemption annotation.</summary>
    Excepted,
}

/// <summary>Wire names of <see cref="ControlOutcome"/>: <c>pass</c>, <c>fail</c>, <c>manual</c>, <c>aws-managed</c>, <c>not-evaluated</c>, <c>excepted</c>.</summary>
public static class ControlOutcomeNames
{
    /// <summary>Every outcome in report order.</summary>
    public static IReadOnlyList<ControlOutcome> All { get; } =
        [ControlOutcome.Pass, ControlOutcome.Fail, ControlOutcome.Excepted, ControlOutcome.NotEvaluated, ControlOutcome.Manual, ControlOutcome.AwsManaged];

    public static string Name(this ControlOutcome outcome) => outcome switch
    {
        ControlOutcome.Pass => "pass",
        ControlOutcome.Fail => "fail",
        ControlOutcome.Manual => "manual",
        ControlOutcome.AwsManaged => "aws-managed",
        ControlOutcome.NotEvaluated => "not-evaluated",
        _ => "excepted",
    };
}
