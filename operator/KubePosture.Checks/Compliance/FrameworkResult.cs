namespace KubePosture.Checks.Compliance;

/// <summary>A framework's control results in one scan, their counts per outcome and a score.</summary>
public sealed record FrameworkResult(ComplianceFramework Framework, IReadOnlyList<ControlResult> Controls)
{
    public int Count(ControlOutcome outcome) => Controls.Count(c => c.Outcome == outcome);

    /// <summary>
    /// floor(100 × (pass + excepted) / (pass + excepted + fail + not-evaluated)): the share of the controls kubeposture
    /// decides that are met; a control not evaluated counts against it. Null when no control was decided (every automated
    /// control went unevaluated, or there are none): that is not a pass. Manual and AWS-managed controls do not count.
    /// </summary>
    public int? Score
    {
        get
        {
            int met = Count(ControlOutcome.Pass) + Count(ControlOutcome.Excepted), failed = Count(ControlOutcome.Fail);
            if (met + failed == 0)
                return null;
            return (int)Math.Floor(100.0 * met / (met + failed + Count(ControlOutcome.NotEvaluated)));
        }
    }

    /// <summary>"cis-eks 1.8.0: 20 pass, 3 fail, 0 excepted, 2 not-evaluated, 20 manual, 1 aws-managed; score 86".</summary>
    public string Headline
        => $"{Framework.Id} {Framework.Version}: {string.Join(", ", ControlOutcomeNames.All.Select(o => $"{Count(o)} {o.Name()}"))}; score {(Score is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none (nothing evaluated)")}";
}
