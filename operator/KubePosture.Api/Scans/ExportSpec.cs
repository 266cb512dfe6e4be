using System.Text.Json.Serialization;
using KubePosture.Api.Schema;

namespace KubePosture.Api;

/// <summary>Where a scan's findings are exported besides status, reports and metrics.</summary>
[Description("Where the scan's findings are exported. Only scans in the control namespace may export.")]
public sealed class ExportSpec
{
    [JsonPropertyName("securityHub")]
    [Description("Export findings to AWS Security Hub (BatchImportFindings, product arn:aws:securityhub:<region>:<account>:product/<account>/default). Needs the optional securityhub actions of deploy/iam-policy.json.")]
    public SecurityHubExportSpec? SecurityHub { get; set; }
}

/// <summary>The Security Hub export.</summary>
[Description("Export findings to AWS Security Hub: new and changed findings after every scan, gone ones archived.")]
public sealed class SecurityHubExportSpec
{
    [JsonPropertyName("enabled")]
    [Description("Export this scan's findings to Security Hub.")]
    [Default(false)]
    public bool Enabled { get; set; }

    [JsonPropertyName("region")]
    [Description("Security Hub region (its aggregation region if you use one), such as eu-west-1. Default: spec.aws.region, else the operator's AWS region.")]
    [Pattern(AwsSpec.RegionPattern)]
    [MaxLength(32)]
    public string? Region { get; set; }

    [JsonPropertyName("roleArn")]
    [Description("IAM role to assume for the export (arn:aws:iam::123456789012:role/name), for example one in a security account. Default: the operator's own role.")]
    [Pattern(AwsSpec.RoleArnPattern)]
    [MaxLength(2048)]
    public string? RoleArn { get; set; }
}

/// <summary>What the last export did.</summary>
[Description("What the last exports did.")]
public sealed class ExportStatus
{
    [JsonPropertyName("securityHub")]
    [Description("The last Security Hub export.")]
    public SecurityHubExportStatus? SecurityHub { get; set; }
}

/// <summary>The last Security Hub export of a scan.</summary>
[Description("The last Security Hub export: what was sent and what Security Hub refused.")]
public sealed class SecurityHubExportStatus
{
    public const int MaxMessageLength = 1024;

    [JsonPropertyName("lastExportTime")]
    [Description("When the last export finished.")]
    public DateTime? LastExportTime { get; set; }

    [JsonPropertyName("activeFindings")]
    [Description("Findings of this scan active in Security Hub, as far as the operator knows.")]
    [Minimum(0)]
    public int ActiveFindings { get; set; }

    [JsonPropertyName("new")]
    [Description("Findings the last export created.")]
    [Minimum(0)]
    public int New { get; set; }

    [JsonPropertyName("updated")]
    [Description("Findings the last export updated (changed, or refreshed before Security Hub's 90-day expiry).")]
    [Minimum(0)]
    public int Updated { get; set; }

    [JsonPropertyName("archived")]
    [Description("Findings gone since the previous export, sent once more archived and passed.")]
    [Minimum(0)]
    public int Archived { get; set; }

    [JsonPropertyName("unchanged")]
    [Description("Findings Security Hub already had as they are: not sent.")]
    [Minimum(0)]
    public int Unchanged { get; set; }

    [JsonPropertyName("failed")]
    [Description("Findings Security Hub refused after retries; they are sent again by the next export.")]
    [Minimum(0)]
    public int Failed { get; set; }

    [JsonPropertyName("calls")]
    [Description("Security Hub calls the last export made.")]
    [Minimum(0)]
    public int Calls { get; set; }

    [JsonPropertyName("message")]
    [Description("Why the export failed or which error codes Security Hub gave (\"InvalidInput: 2\").")]
    [MaxLength(MaxMessageLength)]
    public string? Message { get; set; }
}
