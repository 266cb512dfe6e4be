using KubePosture.Checks.Compliance;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Model;
using KubePosture.Checks.Scoring;
using KubePosture.Inventory.Manifests;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>Where an object was read from: file and 1-based line.</summary>
public sealed record SourceLocation(string File, long Line);

/// <summary>Everything a report writer prints about one offline scan.</summary>
public sealed record ScanReport(
    EngineResult Engine,
    ScanSummary Summary,
    IReadOnlyList<string> Files,
    int ObjectsRead,
    IReadOnlyDictionary<string, int> SkippedKinds,
    IReadOnlyList<ManifestError> InputErrors,
    IReadOnlyDictionary<ResourceRef, SourceLocation> Locations)
{
    public IReadOnlyList<Finding> Findings => Engine.Findings;

    /// <summary>AWS actions that were denied or services that were unreachable (<c>--aws</c>): their checks were not evaluated.</summary>
    public IReadOnlyList<string> AwsUnavailable { get; init; } = [];

    /// <summary>Control results of the frameworks the scan reports (<c>--framework</c>, or every framework for junit and csv).</summary>
    public IReadOnlyList<FrameworkResult> Compliance { get; init; } = [];

    /// <summary>The controls each finding fails, over the reported frameworks (every framework when none was named).</summary>
    public ControlIndex Controls { get; init; } = ControlIndex.All;

    public SourceLocation? LocationOf(ResourceRef resource) => Locations.GetValueOrDefault(resource);
}
