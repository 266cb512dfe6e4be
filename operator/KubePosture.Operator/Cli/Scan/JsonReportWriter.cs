using System.Text.Json;
using KubePosture.Checks.Compliance;
using KubePosture.Checks.Model;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>
/// Machine-readable report: summary, one object per finding (check id, severity, resource apiVersion, kind,
/// namespace, name, message, details, and the file and line it came from), checks run and not evaluated, and the
/// input statistics with every malformed document.
/// </summary>
public static class JsonReportWriter
{
    public static void Write(ScanReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        var s = report.Summary;
        json.WriteStartObject();

        json.WriteStartObject("summary");
        json.WriteNumber("total", s.TotalFindings);
        json.WriteNumber("critical", s.Critical);
        json.WriteNumber("high", s.High);
        json.WriteNumber("medium", s.Medium);
        json.WriteNumber("low", s.Low);
        json.WriteNumber("info", s.Info);
        json.WriteNumber("score", s.Score);
        json.WriteNumber("checksRun", report.Engine.ChecksRun.Count);
        json.WriteNumber("failedChecks", s.FailedChecks);
        json.WriteNumber("passedChecks", s.PassedChecks);
        json.WriteNumber("notEvaluatedChecks", s.NotEvaluatedChecks);
        json.WriteNumber("objectsEvaluated", report.Engine.ObjectsEvaluated);
        json.WriteStartObject("podSecurityLevels");
        json.WriteNumber("privileged", s.PodSecurityLevels.Privileged);
        json.WriteNumber("baseline", s.PodSecurityLevels.Baseline);
        json.WriteNumber("restricted", s.PodSecurityLevels.Restricted);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("findings");
        foreach (var f in report.Findings)
        {
            json.WriteStartObject();
            WriteFindingIdentity(json, f);
            json.WriteString("message", f.Message);
            if (report.LocationOf(f.Resource) is { } location)
            {
                json.WriteString("file", location.File);
                json.WriteNumber("line", location.Line);
            }

            if (f.Details is { Count: > 0 } details)
            {
                json.WriteStartObject("details");
                foreach (var (key, value) in details.OrderBy(d => d.Key, StringComparer.Ordinal))
                    json.WriteString(key, value);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("checksRun");
        foreach (var id in report.Engine.ChecksRun)
            json.WriteStringValue(id);
        json.WriteEndArray();
        json.WriteStartObject("checksNotEvaluated");
        foreach (var (id, reason) in report.Engine.ChecksNotEvaluated)
            json.WriteString(id, reason);
        json.WriteEndObject();

        if (report.Compliance.Count > 0)
            WriteCompliance(json, report.Compliance);

        json.WriteStartObject("input");
        json.WriteStartArray("files");
        foreach (var file in report.Files)
            json.WriteStringValue(file);
        json.WriteEndArray();
        json.WriteNumber("objects", report.ObjectsRead);
        json.WriteStartObject("skippedKinds");
        foreach (var (kind, count) in report.SkippedKinds)
            json.WriteNumber(kind, count);
        json.WriteEndObject();
        json.WriteStartArray("errors");
        foreach (var e in report.InputErrors)
        {
            json.WriteStartObject();
            json.WriteString("file", e.File);
            json.WriteNumber("document", e.Document);
            if (e.Item is { } item)
                json.WriteNumber("item", item);
            json.WriteNumber("line", e.Line);
            json.WriteString("message", e.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteEndObject();
    }

    /// <summary><c>compliance[]</c>: per framework its id, name, version, score, counts per result and one entry per control.</summary>
    private static void WriteCompliance(Utf8JsonWriter json, IReadOnlyList<FrameworkResult> results)
    {
        json.WriteStartArray("compliance");
        foreach (var result in results)
        {
            json.WriteStartObject();
            json.WriteString("id", result.Framework.Id);
            json.WriteString("name", result.Framework.Name);
            json.WriteString("version", result.Framework.Version);
            if (result.Score is { } score)
                json.WriteNumber("score", score);
            else
                json.WriteNull("score");
            json.WriteStartObject("counts");
            foreach (var outcome in ControlOutcomeNames.All)
                json.WriteNumber(outcome.Name(), result.Count(outcome));
            json.WriteEndObject();
            json.WriteStartArray("controls");
            foreach (var c in result.Controls)
            {
                json.WriteStartObject();
                json.WriteString("id", c.Control.Id);
                json.WriteString("title", c.Control.Title);
                json.WriteString("section", c.Control.Section);
                json.WriteString("responsibility", c.Control.Responsibility.Name());
                json.WriteString("result", c.Outcome.Name());
                json.WriteString("reason", c.Reason);
                json.WriteStartArray("checks");
                foreach (var id in c.Control.CheckIds)
                    json.WriteStringValue(id);
                json.WriteEndArray();
                json.WriteStartArray("findings");
                foreach (var f in c.Findings)
                {
                    json.WriteStartObject();
                    WriteFindingIdentity(json, f);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>What names a finding, in <c>findings[]</c> and in a control's findings: check id, severity and the resource.</summary>
    private static void WriteFindingIdentity(Utf8JsonWriter json, Finding f)
    {
        json.WriteString("checkId", f.CheckId);
        json.WriteString("severity", f.Severity.ToString());
        json.WriteString("apiVersion", f.Resource.ApiVersion);
        json.WriteString("kind", f.Resource.Kind);
        if (f.Resource.Namespace is null)
            json.WriteNull("namespace");
        else
            json.WriteString("namespace", f.Resource.Namespace);
        json.WriteString("name", f.Resource.Name);
    }
}
