using KubePosture.Checks.Compliance;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Exceptions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Scoring;

namespace KubePosture.Operator.Scans;

/// <summary>Everything one scan produced, before it is written to status, metrics and events.</summary>
public sealed record ScanResult(
    InventoryScope Scope,
    EngineResult Engine,
    ExceptionOutcome Exceptions,
    ScanSummary Summary,
    IReadOnlyDictionary<string, SourceProblem> UnavailableSources,
    long InventoryVersion,
    long AwsCalls = 0)
{
    /// <summary>What the scan could only partly cover (ECR images in other regions, ECS clusters not found): shown in Ready's message.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>This result with <paramref name="problem"/> added for <paramref name="source"/> (status then says Degraded); unchanged for null.</summary>
    public ScanResult WithProblem(string source, SourceProblem? problem) =>
        problem is null ? this : this with { UnavailableSources = new Dictionary<string, SourceProblem>(UnavailableSources) { [source] = problem } };

    /// <summary>Control results of the frameworks in spec.compliance.frameworks, in the spec's order.</summary>
    public IReadOnlyList<FrameworkResult> Compliance { get; init; } = [];
}
