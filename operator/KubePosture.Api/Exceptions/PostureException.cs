using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using KubePosture.Api.Schema;

namespace KubePosture.Api;

/// <summary>
/// An accepted risk: findings of the listed checks on the matching resources are suppressed until
/// <see cref="PostureExceptionSpec.ExpiresAt"/>. It applies only in its own namespace unless it lives in the
/// operator's control namespace.
/// </summary>
[KubernetesEntity(Group = ApiConstants.Group, ApiVersion = ApiConstants.Version, Kind = ApiConstants.PostureExceptionKind, PluralName = ApiConstants.PostureExceptionPlural)]
[Description("PostureException accepts a risk: findings of the listed checks on the matching resources are suppressed until expiresAt, with a justification and an owner. It applies in its own namespace only, unless it lives in the operator's control namespace.")]
[ShortNames(ApiConstants.PostureExceptionShortName)]
[Categories(ApiConstants.Category)]
[PrinterColumn(0, "Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Description = "The exception is valid and in force.")]
// Expires and Next Scan are string columns: kubectl renders a future time in a date column as "<invalid>".
[PrinterColumn(1, "Expires", "string", ".spec.expiresAt", Description = "When the exception stops applying (UTC).")]
[PrinterColumn(2, "Matched", "integer", ".status.matchedFindings", Description = "Findings suppressed in the last scans.")]
[PrinterColumn(3, "Owner", "string", ".spec.owner", Description = "Who accepted the risk.")]
[PrinterColumn(4, "Age", "date", ".metadata.creationTimestamp")]
[PrinterColumn(5, "Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason", Priority = 1)]
public sealed class PostureException : IKubernetesObject<V1ObjectMeta>, ISpec<PostureExceptionSpec>, IStatus<PostureExceptionStatus?>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiConstants.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ApiConstants.PostureExceptionKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Required]
    public PostureExceptionSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public PostureExceptionStatus? Status { get; set; }
}

/// <summary>A list of PostureExceptions, as returned by LIST.</summary>
[KubernetesEntity(Group = ApiConstants.Group, ApiVersion = ApiConstants.Version, Kind = ApiConstants.PostureExceptionListKind, PluralName = ApiConstants.PostureExceptionPlural)]
public sealed class PostureExceptionList : IKubernetesObject<V1ListMeta>, IItems<PostureException>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiConstants.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ApiConstants.PostureExceptionListKind;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<PostureException> Items { get; set; } = [];
}

/// <summary>Which findings are accepted, why, by whom and until when.</summary>
[Description("Which findings are accepted, why, by whom and until when.")]
public sealed class PostureExceptionSpec
{
    [JsonPropertyName("checks")]
    [Description("Check ids or globs (pod.*, or * for every check) whose findings are suppressed.")]
    [Required]
    [MinItems(1)]
    [MaxItems(100)]
    [MaxLength(100)]
    [Pattern(CheckGlob.Pattern)]
    public List<string> Checks { get; set; } = [];

    [JsonPropertyName("resources")]
    [Description("Resources the exception covers; a finding matches when any entry matches. Empty: every resource the exception may see.")]
    [MaxItems(100)]
    public List<ResourceMatch>? Resources { get; set; }

    [JsonPropertyName("justification")]
    [Description("Why the risk is accepted, for the reviewer and the audit trail.")]
    [Required]
    [MinLength(1)]
    [MaxLength(2048)]
    public string Justification { get; set; } = "";

    [JsonPropertyName("expiresAt")]
    [Description("When the exception stops applying (RFC 3339), at most one year ahead. Expired exceptions suppress nothing.")]
    [Required]
    public DateTime ExpiresAt { get; set; }

    [JsonPropertyName("owner")]
    [Description("Who accepted the risk (team or person), for follow-up.")]
    [MaxLength(253)]
    public string? Owner { get; set; }
}

/// <summary>Resource matcher of a PostureException: every given field must match.</summary>
[Description("Matches a resource: every given field must match; kind, namespace and name are globs (* and ?).")]
public sealed class ResourceMatch
{
    [JsonPropertyName("kind")]
    [Description("Kind glob such as Deployment, or * (case-sensitive).")]
    [MaxLength(63)]
    public string? Kind { get; set; }

    [JsonPropertyName("namespace")]
    [Description("Namespace glob. Outside the control namespace only the exception's own namespace can match.")]
    [MaxLength(63)]
    public string? Namespace { get; set; }

    [JsonPropertyName("name")]
    [Description("Name glob such as web-*.")]
    [MaxLength(253)]
    public string? Name { get; set; }

    [JsonPropertyName("selector")]
    [Description("Labels of the resource (the owning workload for pods).")]
    public LabelSelectorSpec? Selector { get; set; }
}

/// <summary>Observed state of a PostureException.</summary>
[Description("Observed state of the exception, written by the operator.")]
public sealed class PostureExceptionStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation the status reflects.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("matchedFindings")]
    [Description("Findings this exception matched in the last scan of each PostureScan that applies it, summed over those scans (a finding two scans cover counts twice).")]
    [Minimum(0)]
    public int? MatchedFindings { get; set; }

    [JsonPropertyName("expired")]
    [Description("expiresAt has passed; the exception suppresses nothing.")]
    public bool? Expired { get; set; }

    [JsonPropertyName("lastMatchedTime")]
    [Description("When the exception last suppressed a finding.")]
    public DateTime? LastMatchedTime { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Ready: the exception is valid and in force (reasons Active, Expired, InvalidSpec).")]
    [ListMapKeys("type")]
    [MaxItems(8)]
    public List<V1Condition>? Conditions { get; set; }
}
