using System.Globalization;
using System.Text;
using System.Xml;
using KubePosture.Checks.Compliance;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>
/// JUnit XML for CI test reporters and auditors: one <c>testsuite</c> per framework, one <c>testcase</c> per control
/// (classname <c>framework.section</c>, name <c>id title</c>). A failing control is a <c>failure</c> listing its
/// findings; manual, aws-managed, not-evaluated and excepted controls are <c>skipped</c> with the result and reason as
/// the message (never a passing testcase); a passing control is a plain testcase. Each testcase carries its result
/// and responsibility as properties.
/// </summary>
public static class JunitReportWriter
{
    private const int MaxFindingsListed = 200;

    public static void Write(ScanReport report, Stream output)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var xml = XmlWriter.Create(output, settings);
        var results = report.Compliance;
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "kubeposture compliance");
        WriteCounts(xml, results.Sum(r => r.Controls.Count), results.Sum(r => r.Count(ControlOutcome.Fail)), results.Sum(r => r.Controls.Count - r.Count(ControlOutcome.Pass) - r.Count(ControlOutcome.Fail)));
        foreach (var result in results)
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", $"{result.Framework.Id} {result.Framework.Version}");
            WriteCounts(xml, result.Controls.Count, result.Count(ControlOutcome.Fail), result.Controls.Count - result.Count(ControlOutcome.Pass) - result.Count(ControlOutcome.Fail));
            xml.WriteStartElement("properties");
            Property(xml, "framework", result.Framework.Title);
            Property(xml, "score", result.Score is { } s ? s.ToString(CultureInfo.InvariantCulture) : "none");
            xml.WriteEndElement();
            foreach (var c in result.Controls)
                WriteTestcase(xml, result.Framework, c, report);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteTestcase(XmlWriter xml, ComplianceFramework framework, ControlResult c, ScanReport report)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", $"{framework.Id}.{c.Control.Section}");
        xml.WriteAttributeString("name", $"{c.Control.Id} {c.Control.Title}");
        xml.WriteStartElement("properties");
        Property(xml, "result", c.Outcome.Name());
        Property(xml, "responsibility", c.Control.Responsibility.Name());
        if (c.Control.CheckIds.Count > 0)
            Property(xml, "checks", string.Join(",", c.Control.CheckIds));
        xml.WriteEndElement();
        switch (c.Outcome)
        {
            case ControlOutcome.Pass:
                break;
            case ControlOutcome.Fail:
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", $"{c.Findings.Count} finding(s): {c.Reason}");
                xml.WriteAttributeString("type", "fail");
                var text = new StringBuilder();
                foreach (var f in c.Findings.Take(MaxFindingsListed))
                {
                    var where = report.LocationOf(f.Resource) is { } l ? $" ({l.File}:{l.Line})" : "";
                    text.Append(CultureInfo.InvariantCulture, $"{f.Severity.ToString().ToUpperInvariant()} {f.CheckId} {f.Resource}{where}: {f.Message}\n");
                }

                if (c.Findings.Count > MaxFindingsListed)
                    text.Append(CultureInfo.InvariantCulture, $"... and {c.Findings.Count - MaxFindingsListed} more\n");
                xml.WriteString(text.ToString());
                xml.WriteEndElement();
                break;
            default:
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", $"{c.Outcome.Name()}: {c.Reason}");
                xml.WriteEndElement();
                break;
        }

        xml.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter xml, int tests, int failures, int skipped)
    {
        xml.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }
}
