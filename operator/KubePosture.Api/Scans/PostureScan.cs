using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using KubePosture.Api.Schema;

namespace KubePosture.Api;

/// <summary>
/// What to assess and how often. A scan in the operator's control namespace may assess the whole cluster and the
/// AWS account; a scan in any other namespace assesses only its own namespace (tenancy rule).
/// </summary>
[KubernetesEntity(Group = ApiConstants.Group, ApiVersion = ApiConstants.Version, Kind = ApiConstants.PostureScanKind, PluralName = ApiConstants.PostureScanPlural)]
[Description("PostureScan describes what kubeposture assesses (namespaces, checks, AWS account) and how often; its status holds the conditions, a bounded summary and the worst findings of the last scan.")]
[ShortNames(ApiConstants.PostureScanShortName)]
[Categories(ApiConstants.Category)]
[PrinterColumn(0, "Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Description = "A scan of the current generation completed.")]
[PrinterColumn(1, "Compliant", "string", ".status.conditions[?(@.type==\"Compliant\")].status", Description = "No active finding at or above spec.failOn.")]
[PrinterColumn(2, "Critical", "integer", ".status.summary.critical", Description = "Active Critical findings.")]
[PrinterColumn(3, "High", "integer", ".status.summary.high", Description = "Active High findings.")]
[PrinterColumn(4, "Score", "integer", ".status.summary.score", Description = "Posture score, 0 (worst) to 100.")]
[PrinterColumn(5, "Last Scan", "date", ".status.lastScan.completionTime", Description = "When the last scan completed.")]
[PrinterColumn(6, "Age", "date", ".metadata.creationTimestamp")]
[PrinterColumn(7, "Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason", Priority = 1, Description = "Why the scan is (not) Ready.")]
[PrinterColumn(8, "Next Scan", "string", ".status.nextScanTime", Priority = 1, Description = "When the next scan is due (UTC).")]
[PrinterColumn(9, "Compliance", "string", ".status.compliance[0].headline", Priority = 1, Description = "The first framework of spec.compliance: control counts per result and score.")]
public sealed class PostureScan : IKubernetesObject<V1ObjectMeta>, ISpec<PostureScanSpec>, IStatus<PostureScanStatus?>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiConstants.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ApiConstants.PostureScanKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Default]
    public PostureScanSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public PostureScanStatus? Status { get; set; }
}

/// <summary>A list of PostureScans, as returned by LIST.</summary>
[KubernetesEntity(Group = ApiConstants.Group, ApiVersion = ApiConstants.Version, Kind = ApiConstants.PostureScanListKind, PluralName = ApiConstants.PostureScanPlural)]
public sealed class PostureScanList : IKubernetesObject<V1ListMeta>, IItems<PostureScan>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiConstants.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ApiConstants.PostureScanListKind;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<PostureScan> Items { get; set; } = [];
}
