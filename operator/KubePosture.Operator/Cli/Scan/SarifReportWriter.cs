using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KubePosture.Checks.Model;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>
/// SARIF 2.1.0 for code-scanning tools: one run, the driver "kubeposture" with one rule per check that ran
/// (title, description, remediation as help, default level, security-severity), and one result per finding with
/// its rule, level, message, the manifest file and line (physical location) and the Kubernetes object
/// (logical location). Malformed documents become tool execution notifications.
/// </summary>
public static class SarifReportWriter
{
    public const string Version = "2.1.0";
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string ToolName = "kubeposture";
    public const string InformationUri = "https://github.com/kubeposture/kubeposture";

    /// <summary>SARIF result level: Critical and High are errors, Medium warnings, Low and Info notes.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub code scanning's numeric severity (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low &gt; 0).</summary>
    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "0.0",
    };

    public static void Write(ScanReport report, Stream output)
    {
        var rules = report.Engine.Descriptors.OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();
        var ruleIndex = rules.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("version", Version);
        json.WriteString("$schema", Schema);
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolName);
        json.WriteString("informationUri", InformationUri);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
            WriteRule(json, rule);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", report.InputErrors.Count == 0);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var error in report.InputErrors)
        {
            json.WriteStartObject();
            json.WriteString("level", "error");
            json.WriteStartObject("message");
            json.WriteString("text", error.ToString());
            json.WriteEndObject();
            json.WriteStartArray("locations");
            WritePhysicalLocation(json, new SourceLocation(error.File, error.Line), wrap: true);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("results");
        foreach (var finding in report.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.CheckId);
            if (ruleIndex.TryGetValue(finding.CheckId, out var index))
                json.WriteNumber("ruleIndex", index);
            json.WriteString("level", Level(finding.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", finding.Message);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            if (report.LocationOf(finding.Resource) is { } location)
                WritePhysicalLocation(json, location, wrap: false);
            json.WriteStartArray("logicalLocations");
            json.WriteStartObject();
            json.WriteString("name", finding.Resource.Name);
            json.WriteString("fullyQualifiedName", finding.Resource.ToString());
            json.WriteString("kind", "object");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("partialFingerprints");
            json.WriteString("kubeposture/v1", Fingerprint(finding));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("severity", finding.Severity.ToString());
            json.WriteString("apiVersion", finding.Resource.ApiVersion);
            json.WriteString("kind", finding.Resource.Kind);
            if (finding.Resource.Namespace is { } ns)
                json.WriteString("namespace", ns);
            json.WriteString("name", finding.Resource.Name);
            // The compliance controls the finding fails (framework/control), as tags code scanning can filter on.
            var controls = report.Controls.ControlsFailedBy(finding);
            if (controls.Count > 0)
            {
                json.WriteStartArray("tags");
                foreach (var control in controls)
                    json.WriteStringValue(control);
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter json, CheckDescriptor rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", rule.Id);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", rule.Title);
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", rule.Description);
        json.WriteEndObject();
        json.WriteStartObject("help");
        json.WriteString("text", rule.Remediation);
        json.WriteString("markdown", $"{rule.Remediation}\n\nReferences:\n{string.Join("\n", rule.References.Select(r => $"- {r}"))}");
        json.WriteEndObject();
        if (rule.References.FirstOrDefault(r => r.StartsWith("https://", StringComparison.Ordinal)) is { } uri)
            json.WriteString("helpUri", uri.Split(' ')[0]);
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.DefaultSeverity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("category", rule.Category);
        json.WriteStartArray("tags");
        json.WriteStringValue("security");
        json.WriteStringValue("kubernetes");
        json.WriteStringValue(rule.Category);
        json.WriteEndArray();
        json.WriteString("security-severity", SecuritySeverity(rule.DefaultSeverity));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WritePhysicalLocation(Utf8JsonWriter json, SourceLocation location, bool wrap)
    {
        if (wrap)
            json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", ToUri(location.File));
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", Math.Max(1, location.Line));
        json.WriteEndObject();
        json.WriteEndObject();
        if (wrap)
            json.WriteEndObject();
    }

    /// <summary>A URI for a path as given: relative paths stay relative, absolute ones become file:// URIs; stdin is "stdin".</summary>
    public static string ToUri(string file)
    {
        if (file == "<stdin>")
            return "stdin";
        var segments = file.Replace('\\', '/').Split('/');
        var path = string.Join('/', segments.Select(Uri.EscapeDataString));
        return path.StartsWith('/') ? "file://" + path : path;
    }

    private static string Fingerprint(Finding finding)
    {
        var key = string.Join('\n', finding.CheckId, finding.Resource.ApiVersion, finding.Resource.Kind, finding.Resource.Namespace ?? "", finding.Resource.Name, finding.Message);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32].ToString(CultureInfo.InvariantCulture);
    }
}
