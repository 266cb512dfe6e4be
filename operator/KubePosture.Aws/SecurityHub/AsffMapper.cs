using System.Text.Json.Nodes;
using KubePosture.Checks.Model;

namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// Our findings in the AWS Security Finding Format (ASFF 2018-10-08), as a pure function: the same finding, source and
/// suppression always give the same document (and <see cref="AsffFinding.ContentHash"/>). Every value respects the
/// ASFF limits (<see cref="AsffLimits"/>); see docs/security-hub.md for the field-by-field mapping.
/// </summary>
public static class AsffMapper
{
    public const string ProductFieldPrefix = "kubeposture/";
    public const string ClusterArnField = ProductFieldPrefix + "ClusterArn";
    public const string ScanField = ProductFieldPrefix + "Scan";
    private const string DetailPrefix = ProductFieldPrefix + "detail/";

    public static AsffFinding Map(Finding finding, CheckDescriptor descriptor, AsffSource source, AsffSuppression? suppression = null, string? discriminator = null)
    {
        var id = AsffIds.Finding(source.ClusterArn, finding.CheckId, finding.Resource, discriminator);
        var types = Types(descriptor);
        var severity = new JsonObject { ["Label"] = Label(finding.Severity), ["Original"] = finding.Severity.ToString() };
        var body = new JsonObject
        {
            ["SchemaVersion"] = AsffFinding.SchemaVersion,
            ["Id"] = id,
            ["ProductArn"] = source.ProductArn,
            ["GeneratorId"] = AsffLimits.Fit(finding.CheckId, AsffLimits.GeneratorId),
            ["AwsAccountId"] = source.AccountId,
            ["Types"] = Strings(types),
            ["Severity"] = severity,
            ["Title"] = AsffLimits.Fit(NonBlank(descriptor.Title, finding.CheckId), AsffLimits.Title),
            ["Description"] = AsffLimits.Fit(NonBlank(finding.Message, descriptor.Description), AsffLimits.Description),
            ["Remediation"] = Remediation(descriptor),
            ["ProductFields"] = ProductFields(finding, descriptor, source, suppression),
            ["Resources"] = AsffResources.For(finding, source),
            ["Compliance"] = Compliance(finding),
            ["RecordState"] = "ACTIVE",
            ["FindingProviderFields"] = new JsonObject { ["Severity"] = severity.DeepClone(), ["Types"] = Strings(types) },
        };
        string? note = null;
        if (suppression is not null)
        {
            // Honoured by Security Hub only when this import creates the finding: Workflow and Note are the customer's
            // afterwards (see docs/security-hub.md, "Suppressed findings").
            body["Workflow"] = new JsonObject { ["Status"] = "SUPPRESSED" };
            note = AsffLimits.Fit($"Suppressed by {suppression.By}: {suppression.Justification}", AsffLimits.NoteText);
        }

        return new AsffFinding(id, finding.CheckId, body, suppression is not null, note);
    }

    /// <summary>ASFF severity labels of our severities.</summary>
    public static string Label(Severity severity) => severity switch
    {
        Severity.Critical => "CRITICAL",
        Severity.High => "HIGH",
        Severity.Medium => "MEDIUM",
        Severity.Low => "LOW",
        _ => "INFORMATIONAL",
    };

    /// <summary>namespace/category/classifier finding types: the check's category, plus CVE and CIS types where they apply.</summary>
    public static IReadOnlyList<string> Types(CheckDescriptor descriptor)
    {
        var types = new List<string> { $"Software and Configuration Checks/AWS Security Best Practices/Kubernetes {descriptor.Category}" };
        if (descriptor.Id == "ecr.image-vulnerable")
            types.Add("Software and Configuration Checks/Vulnerabilities/CVE");
        if (descriptor.References.Any(r => r.StartsWith("CIS EKS Benchmark", StringComparison.Ordinal)))
            types.Add("Software and Configuration Checks/Industry and Regulatory Standards/CIS Amazon EKS Benchmark");
        return types;
    }

    private static JsonObject Remediation(CheckDescriptor descriptor)
    {
        var recommendation = new JsonObject { ["Text"] = AsffLimits.Fit(NonBlank(descriptor.Remediation, descriptor.Title), AsffLimits.RecommendationText) };
        var url = descriptor.References.Select(FirstUrl).FirstOrDefault(u => u is not null && u.Length <= AsffLimits.Url);
        if (url is not null)
            recommendation["Url"] = url;
        return new JsonObject { ["Recommendation"] = recommendation };
    }

    /// <summary>FAILED, with the framework controls the finding fails (the archive of a gone finding turns it to PASSED).</summary>
    private static JsonObject Compliance(Finding finding)
    {
        var compliance = new JsonObject { ["Status"] = "FAILED" };
        var requirements = AsffRequirements.For(finding);
        if (requirements.Count > 0)
            compliance["RelatedRequirements"] = Strings(requirements);
        return compliance;
    }

    private static JsonObject ProductFields(Finding finding, CheckDescriptor descriptor, AsffSource source, AsffSuppression? suppression)
    {
        var fields = new JsonObject();
        void Add(string key, string? value)
        {
            if (fields.Count < AsffLimits.ProductFields && !string.IsNullOrWhiteSpace(value))
                fields[AsffLimits.Fit(key, AsffLimits.ProductFieldKey)] = AsffLimits.Fit(value, AsffLimits.ProductFieldValue);
        }

        Add(ProductFieldPrefix + "CheckId", finding.CheckId);
        Add(ProductFieldPrefix + "Category", descriptor.Category);
        Add(ClusterArnField, source.ClusterArn);
        Add(ProductFieldPrefix + "ClusterName", source.ClusterName);
        Add(ScanField, source.Scan);
        Add(ProductFieldPrefix + "Namespace", finding.Resource.Namespace);
        Add(ProductFieldPrefix + "Resource", finding.Resource.ToString());
        if (suppression is not null)
        {
            Add(ProductFieldPrefix + "SuppressedBy", suppression.By);
            Add(ProductFieldPrefix + "Justification", suppression.Justification);
        }

        // One place stays free for the content hash that the import adds.
        foreach (var (key, value) in finding.Details ?? new Dictionary<string, string>())
        {
            if (fields.Count >= AsffLimits.ProductFields - 1)
                break;
            Add(DetailPrefix + key, value);
        }

        return fields;
    }

    private static string? FirstUrl(string reference)
    {
        var start = reference.IndexOf("https://", StringComparison.Ordinal);
        if (start < 0)
            return null;
        var end = reference.IndexOf(' ', start);
        return end < 0 ? reference[start..] : reference[start..end];
    }

    private static string NonBlank(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    internal static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
