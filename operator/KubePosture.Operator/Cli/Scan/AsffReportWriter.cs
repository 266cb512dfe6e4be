using System.Text.Json;
using System.Text.Json.Nodes;
using KubePosture.Aws.SecurityHub;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>
/// <c>-o asff</c>: the findings as a JSON array of AWS Security Finding Format documents, the same ones the operator's
/// Security Hub export sends (same Ids), ready for <c>aws securityhub batch-import-findings --findings file://...</c>
/// (at most 100 per call). No AWS call is made.
/// </summary>
public static class AsffReportWriter
{
    public static void Write(ScanReport report, AsffSource source, DateTimeOffset scanTime, Stream output)
    {
        var findings = AsffScan.Map(report.Findings, [], source);
        var array = new JsonArray([.. findings.Select(f => (JsonNode)f.ToImport(scanTime, scanTime))]);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        array.WriteTo(json);
    }
}
