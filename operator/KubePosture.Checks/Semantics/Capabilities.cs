namespace KubePosture.Checks.Semantics;

/// <summary>Linux capability names: the runtime accepts "SYS_ADMIN" and "CAP_SYS_ADMIN", case-insensitively.</summary>
public static class Capabilities
{
    /// <summary>Upper case without the CAP_ prefix.</summary>
    public static string Normalize(string capability)
    {
        var upper = capability.Trim().ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
    }

    public static bool Contains(IEnumerable<string> capabilities, string normalizedName) =>
        capabilities.Any(c => Normalize(c) == normalizedName);

    /// <summary>Capabilities that grant host-level power when added (CHECKS.md pod.capabilities-dangerous).</summary>
    public static IReadOnlySet<string> Dangerous { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "SYS_ADMIN", "NET_ADMIN", "NET_RAW", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH",
        "BPF", "PERFMON", "SETPCAP", "MAC_ADMIN", "MAC_OVERRIDE", "ALL",
    };
}
