namespace KubePosture.Api;

/// <summary>Condition types (PascalCase, Kubernetes API conventions) of PostureScan and PostureException.</summary>
public static class ConditionTypes
{
    /// <summary>PostureScan: a scan of the current generation completed. PostureException: the spec is valid and in force.</summary>
    public const string Ready = "Ready";

    /// <summary>No active (unexcepted) finding at or above <c>spec.failOn</c>.</summary>
    public const string Compliant = "Compliant";

    /// <summary>Results are partial: a source was unavailable or forbidden; the message names which.</summary>
    public const string Degraded = "Degraded";

    /// <summary>True while a scan runs.</summary>
    public const string Scanning = "Scanning";

    public static IReadOnlyList<string> All { get; } = [Ready, Compliant, Degraded, Scanning];
}
