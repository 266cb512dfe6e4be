using System.Collections.Frozen;

namespace KubePosture.Aws.Ecr;

/// <summary>
/// ECR's severity names, one shared instance each: every image's severity counts and every finding name one of a
/// handful of severities, and the findings cache keeps them for thousands of images (6,666 count maps at 50,000 pods).
/// </summary>
internal static class EcrSeverityNames
{
    private static readonly FrozenDictionary<string, string> Known = new[] { "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED", "UNTRIAGED" }
        .ToFrozenDictionary(name => name, name => name, StringComparer.Ordinal);

    /// <summary>No counts: one shared empty map.</summary>
    public static IReadOnlyDictionary<string, int> NoCounts { get; } = new Dictionary<string, int>();

    /// <summary>The shared instance of a known severity name; any other name as given.</summary>
    public static string Shared(string name) => Known.TryGetValue(name, out var shared) ? shared : name;
}
