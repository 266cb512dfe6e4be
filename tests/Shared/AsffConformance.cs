using System.Globalization;
using System.Text.Json.Nodes;

namespace KubePosture.Tests.Shared;

/// <summary>
/// The ASFF rules Security Hub applies to an imported finding and botocore's request validation does not (it checks
/// required members and types): non-blank strings, enum values, the documented field and count limits, the
/// namespace/category/classifier form of Types, RFC 3339 timestamps, Resources with a type and id. Written from the
/// Security Hub User Guide's ASFF syntax pages, independently of the mapper.
/// </summary>
internal static class AsffConformance
{
    private static readonly string[] Required = ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "CreatedAt", "UpdatedAt", "Title", "Description", "Resources"];
    private static readonly string[] TypeNamespaces = ["Software and Configuration Checks", "TTPs", "Effects", "Unusual Behaviors", "Sensitive Data Identifications"];
    private static readonly string[] Labels = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"];

    public static List<string> Problems(JsonArray findings)
    {
        var problems = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in findings)
        {
            if (node is not JsonObject f)
            {
                problems.Add("a finding is not a JSON object");
                continue;
            }

            var id = f["Id"]?.GetValue<string>() ?? "?";
            void Bad(string problem) => problems.Add($"{id}: {problem}");
            foreach (var field in Required)
            {
                if (f[field] is null) Bad($"{field} missing");
            }

            if (!ids.Add(id)) Bad("Id not unique");
            if (f["SchemaVersion"]?.GetValue<string>() != "2018-10-08") Bad("SchemaVersion is not 2018-10-08");
            Limit(f, "Id", 512, Bad);
            Limit(f, "GeneratorId", 512, Bad);
            Limit(f, "Title", 256, Bad);
            Limit(f, "Description", 1024, Bad);
            if (f["AwsAccountId"]?.GetValue<string>() is not { Length: 12 } account || !account.All(char.IsAsciiDigit)) Bad("AwsAccountId is not 12 digits");
            if (f["ProductArn"]?.GetValue<string>() is not { } product || !product.StartsWith("arn:aws", StringComparison.Ordinal) || !product.Contains(":product/", StringComparison.Ordinal))
                Bad("ProductArn is not a product ARN");
            foreach (var ts in new[] { "CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt" })
            {
                if (f[ts] is { } t && !DateTimeOffset.TryParseExact(t.GetValue<string>(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                    Bad($"{ts} \"{t}\" is not an RFC 3339 UTC timestamp");
            }

            if (f["Severity"]?["Label"]?.GetValue<string>() is not { } label || !Labels.Contains(label)) Bad("Severity.Label missing or not an ASFF label");
            var types = f["Types"] as JsonArray ?? [];
            if (types.Count is 0 or > 50) Bad($"{types.Count} Types (1-50)");
            foreach (var t in types.Select(t => t!.GetValue<string>()))
            {
                var parts = t.Split('/');
                if (parts.Length is < 1 or > 3 || !TypeNamespaces.Contains(parts[0]) || parts.Any(string.IsNullOrWhiteSpace)) Bad($"Type \"{t}\" is not namespace/category/classifier");
            }

            if (f["Compliance"]?["Status"]?.GetValue<string>() is { } status && status is not ("PASSED" or "WARNING" or "FAILED" or "NOT_AVAILABLE")) Bad($"Compliance.Status {status}");
            if ((f["Compliance"]?["RelatedRequirements"] as JsonArray)?.Count > 32) Bad("more than 32 RelatedRequirements");
            if (f["RecordState"]?.GetValue<string>() is { } record && record is not ("ACTIVE" or "ARCHIVED")) Bad($"RecordState {record}");
            if (f["Workflow"]?["Status"]?.GetValue<string>() is { } workflow && workflow is not ("NEW" or "NOTIFIED" or "RESOLVED" or "SUPPRESSED")) Bad($"Workflow.Status {workflow}");
            Limit(f["Remediation"]?["Recommendation"] as JsonObject, "Text", 512, Bad);
            Limit(f["Remediation"]?["Recommendation"] as JsonObject, "Url", 512, Bad);
            Limit(f["Note"] as JsonObject, "Text", 512, Bad);
            var fields = f["ProductFields"] as JsonObject ?? [];
            if (fields.Count > 50) Bad($"{fields.Count} ProductFields (at most 50)");
            foreach (var (key, value) in fields)
            {
                if (key.Length > 128 || string.IsNullOrWhiteSpace(key)) Bad($"ProductFields key \"{key}\"");
                if (value?.GetValue<string>() is not { } v || string.IsNullOrWhiteSpace(v) || v.Length > 2048) Bad($"ProductFields[{key}] blank or over 2048");
            }

            var resources = f["Resources"] as JsonArray ?? [];
            if (resources.Count is 0 or > 32) Bad($"{resources.Count} Resources (1-32)");
            foreach (var r in resources.OfType<JsonObject>())
            {
                if (string.IsNullOrWhiteSpace(r["Type"]?.GetValue<string>())) Bad("a resource without Type");
                if (r["Id"]?.GetValue<string>() is not { } rid || string.IsNullOrWhiteSpace(rid) || rid.Length > 512) Bad("a resource Id blank or over 512");
                if (r["Type"]?.GetValue<string>() is { } type && type != "Other" && r["Id"]?.GetValue<string>()?.StartsWith("arn:", StringComparison.Ordinal) != true)
                    Bad($"{type} resource Id is not an ARN");
                if (r["Details"]?["Other"] is JsonObject other && (other.Count > 50 || other.Any(p => p.Key.Length > 128 || p.Value is null || p.Value.GetValue<string>().Length > 1024)))
                    Bad("Details.Other over its limits");
            }

            foreach (var (key, value) in Strings(f, ""))
            {
                if (string.IsNullOrWhiteSpace(value)) Bad($"{key} is blank (ASFF strings match .*\\S.*)");
            }
        }

        return problems;
    }

    private static void Limit(JsonObject? o, string field, int max, Action<string> bad)
    {
        if (o?[field]?.GetValue<string>() is { } value && value.Length > max) bad($"{field} has {value.Length} characters (at most {max})");
    }

    private static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                foreach (var s in Strings(v, path + "." + k)) yield return s;
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                foreach (var s in Strings(a[i], $"{path}[{i}]")) yield return s;
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }
}
