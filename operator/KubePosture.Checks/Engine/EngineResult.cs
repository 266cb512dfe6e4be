using KubePosture.Checks.Model;

namespace KubePosture.Checks.Engine;

/// <summary>What one engine run produced.</summary>
/// <param name="Findings">De-duplicated findings with severity overrides applied and below-minimum findings dropped, sorted by severity (worst first), check id and resource.</param>
/// <param name="ChecksRun">Ids of the checks that were evaluated (with or without findings), sorted.</param>
/// <param name="ChecksNotEvaluated">Selected checks that did not run, with the reason: a source unavailable, out of scope, no AWS access, or the check failed.</param>
/// <param name="ObjectsEvaluated">Inventory records the checks were run over.</param>
public sealed record EngineResult(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> ChecksRun,
    IReadOnlyDictionary<string, string> ChecksNotEvaluated,
    int ObjectsEvaluated)
{
    /// <summary>Descriptors of the checks that ran (for scoring and reports).</summary>
    public IReadOnlyList<CheckDescriptor> Descriptors { get; init; } = [];

    /// <summary>Per check, findings dropped because they were below the scan's minimum severity (the check did find
    /// something: a compliance control it decides is not passed).</summary>
    public IReadOnlyDictionary<string, int> FindingsBelowMinSeverity { get; init; } = new Dictionary<string, int>();
}
