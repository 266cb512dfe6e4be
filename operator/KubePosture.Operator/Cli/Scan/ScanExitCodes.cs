namespace KubePosture.Operator.Cli.Scan;

/// <summary>Exit codes of <c>kubeposture scan</c>.</summary>
public static class ScanExitCodes
{
    /// <summary>Scanned; no finding at or above --fail-on (or no --fail-on).</summary>
    public const int Ok = 0;

    /// <summary>At least one finding at or above --fail-on.</summary>
    public const int FindingsAtOrAboveThreshold = 1;

    /// <summary>Bad usage, an unreadable path, or a malformed document (the report is still written for the rest).</summary>
    public const int UsageOrInputError = 2;
}
