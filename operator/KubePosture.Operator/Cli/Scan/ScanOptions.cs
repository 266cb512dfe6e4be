using KubePosture.Checks.Model;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>The validated options of one offline scan.</summary>
public sealed record ScanOptions(
    IReadOnlyList<string> Paths,
    ScanOutputFormat Format,
    Severity? FailOn,
    IReadOnlyList<string> Checks,
    IReadOnlyList<string> Skip,
    bool IncludeSystemNamespaces)
{
    /// <summary>Compliance framework ids (<c>--framework</c>); junit and csv output report every framework when empty.</summary>
    public IReadOnlyList<string> Frameworks { get; init; } = [];
}

public enum ScanOutputFormat
{
    Table,
    Json,
    Sarif,
    Asff,
    Junit,
    Csv,
}
