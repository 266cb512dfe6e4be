using KubePosture.Checks.Model;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>The validated options of one offline scan.</summary>
public sealed record ScanOptions(
    IReadOnlyList<string> Paths,
    ScanOutputFormat Format,
    Severity? FailOn,
    IReadOnlyList<string> Checks,
    IReadOnlyList<string> Skip,
    bool IncludeSystemNamespaces);

public enum ScanOutputFormat
{
    Table,
    Json,
    Sarif,
    Asff,
}
