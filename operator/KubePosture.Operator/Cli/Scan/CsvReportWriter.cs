using KubePosture.Checks.Compliance;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>
/// CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break) for
/// auditors' spreadsheets: a header, then one row per control and failing resource; a control without failing
/// findings (pass, manual, aws-managed, not-evaluated) has one row with the resource columns empty, and an excepted
/// control one row per suppressed finding.
/// </summary>
public static class CsvReportWriter
{
    public static readonly string[] Header =
    [
        "framework", "version", "control", "title", "section", "responsibility", "result", "reason",
        "check", "severity", "apiVersion", "kind", "namespace", "name", "message", "file", "line",
    ];

    public static void Write(ScanReport report, TextWriter output)
    {
        Row(output, Header);
        foreach (var result in report.Compliance)
        {
            foreach (var c in result.Controls)
            {
                string[] control = [result.Framework.Id, result.Framework.Version, c.Control.Id, c.Control.Title, c.Control.Section,
                    c.Control.Responsibility.Name(), c.Outcome.Name(), c.Reason];
                if (c.Findings.Count == 0)
                {
                    Row(output, [.. control, "", "", "", "", "", "", "", "", ""]);
                    continue;
                }

                foreach (var f in c.Findings)
                {
                    var location = report.LocationOf(f.Resource);
                    Row(output, [.. control, f.CheckId, f.Severity.ToString(), f.Resource.ApiVersion, f.Resource.Kind, f.Resource.Namespace ?? "",
                        f.Resource.Name, f.Message, location?.File ?? "", location?.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""]);
                }
            }
        }
    }

    private static void Row(TextWriter output, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
                output.Write(',');
            output.Write(Field(fields[i]));
        }

        output.Write("\r\n");
    }

    /// <summary>Quoted when needed, quotes doubled; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.</summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
