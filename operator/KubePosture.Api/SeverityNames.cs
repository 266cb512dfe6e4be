namespace KubePosture.Api;

/// <summary>
/// Severity names as they appear in the API (<c>failOn</c>, <c>minSeverity</c>, <c>severityOverrides</c>,
/// findings). Same names and order as the check engine's Severity enum, worst first.
/// </summary>
public static class SeverityNames
{
    public const string Critical = "Critical";
    public const string High = "High";
    public const string Medium = "Medium";
    public const string Low = "Low";
    public const string Info = "Info";

    /// <summary>Worst first.</summary>
    public static IReadOnlyList<string> All { get; } = [Critical, High, Medium, Low, Info];

    public static bool IsValid(string? value) => value is not null && All.Contains(value, StringComparer.Ordinal);
}
