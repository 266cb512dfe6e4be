using KubePosture.Checks.Model;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>Human-readable report: one aligned row per finding, then the summary lines.</summary>
public static class TableReportWriter
{
    private const int MaxMessage = 160;

    public static void Write(ScanReport report, TextWriter output)
    {
        if (report.Findings.Count == 0)
        {
            output.WriteLine("No findings.");
        }
        else
        {
            TextTable.Write(output, ["SEVERITY", "CHECK", "RESOURCE", "MESSAGE"],
                [.. report.Findings.Select(f => new[] { f.Severity.ToString().ToUpperInvariant(), f.CheckId, f.Resource.ToString(), TextTable.Shorten(f.Message, MaxMessage) })]);
        }

        var s = report.Summary;
        output.WriteLine();
        output.WriteLine($"{s.TotalFindings} findings: {s.Critical} critical, {s.High} high, {s.Medium} medium, {s.Low} low, {s.Info} info. Score {s.Score}/100.");
        output.WriteLine($"Checks: {report.Engine.ChecksRun.Count} run, {s.FailedChecks} failed, {s.PassedChecks} passed, {s.NotEvaluatedChecks} not evaluated.");
        output.WriteLine($"Pod Security Standards: {s.PodSecurityLevels.Privileged} privileged, {s.PodSecurityLevels.Baseline} baseline, {s.PodSecurityLevels.Restricted} restricted workloads.");
        var skipped = report.SkippedKinds.Count == 0 ? "" : $"; not assessed: {string.Join(", ", report.SkippedKinds.Select(k => $"{k.Value} {k.Key}"))}";
        output.WriteLine($"Input: {report.Files.Count} file(s), {report.ObjectsRead} object(s) read{skipped}.");
        if (report.InputErrors.Count > 0)
            output.WriteLine($"{report.InputErrors.Count} malformed document(s) skipped (listed on standard error).");
        ComplianceTableWriter.Write(report.Compliance, output);
    }

    /// <summary>Severity names as written on the command line: critical, high, medium, low, info.</summary>
    public static string Name(Severity severity) => severity.ToString().ToLowerInvariant();
}
