using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace KubePosture.Checks.Semantics;

/// <summary>A Kubernetes version's major and minor parts, read from "v1.31.2-eks-a737599", "1.31" or "v1.31.0+k3s1".</summary>
public readonly partial record struct KubernetesVersion(int Major, int Minor)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out KubernetesVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
            return false;
        version = new KubernetesVersion(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
        return true;
    }

    public override string ToString() => $"{Major}.{Minor}";

    [GeneratedRegex(@"^v?(\d+)\.(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>
/// Amazon EKS standard support: each minor version is in standard support for 14 months after its EKS release,
/// then in paid extended support. The end dates come from the EKS Kubernetes release calendar
/// (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html); versions newer than the table are treated
/// as supported, older ones as unsupported. Update the table when EKS publishes a new version.
/// </summary>
public static class EksSupportCalendar
{
    public static IReadOnlyDictionary<int, DateOnly> StandardSupportEnds { get; } = new Dictionary<int, DateOnly>
    {
        [23] = new(2023, 10, 11),
        [24] = new(2024, 1, 31),
        [25] = new(2024, 5, 1),
        [26] = new(2024, 6, 11),
        [27] = new(2024, 7, 24),
        [28] = new(2024, 11, 26),
        [29] = new(2025, 3, 23),
        [30] = new(2025, 7, 23),
        [31] = new(2025, 11, 26),
        [32] = new(2026, 3, 23),
        [33] = new(2026, 7, 29),
        [34] = new(2026, 12, 2),
        [35] = new(2027, 3, 27),
    };

    /// <summary>The end of standard support of a 1.x version; null for versions newer than the table (supported).</summary>
    public static DateOnly? StandardSupportEnd(KubernetesVersion version)
    {
        if (version.Major != 1)
            return version.Major < 1 ? DateOnly.MinValue : null;
        if (StandardSupportEnds.TryGetValue(version.Minor, out var end))
            return end;
        return version.Minor < StandardSupportEnds.Keys.Min() ? DateOnly.MinValue : null;
    }

    /// <summary>Whether the version is outside standard support on <paramref name="at"/> (the day after the end date).</summary>
    public static bool IsUnsupported(KubernetesVersion version, DateTimeOffset at) =>
        StandardSupportEnd(version) is { } end && DateOnly.FromDateTime(at.UtcDateTime) > end;
}
