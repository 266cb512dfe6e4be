using KubePosture.Checks.Model;

namespace KubePosture.Checks.Compliance;

/// <summary>A control's result in one scan.</summary>
/// <param name="Findings">For <see cref="ControlOutcome.Fail"/> the active findings that fail it; for
/// <see cref="ControlOutcome.Excepted"/> the suppressed ones; empty otherwise.</param>
/// <param name="Reason">Why, in one line: the checks that failed, the checks not evaluated and why, the manual guidance,
/// the AWS note, or who suppressed the findings.</param>
public sealed record ControlResult(ComplianceControl Control, ControlOutcome Outcome, IReadOnlyList<Finding> Findings, string Reason);
