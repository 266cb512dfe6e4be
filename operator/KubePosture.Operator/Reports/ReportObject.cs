using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubePosture.Operator.Reports;

/// <summary>
/// An openreports.io/v1alpha1 Report or ClusterReport, or a wgpolicyk8s.io/v1alpha2 PolicyReport or
/// ClusterPolicyReport: the four kinds share this shape (openreports.io continues the wgpolicyk8s.io API).
/// </summary>
public sealed class ReportObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("source")]
    public string? Source { get; set; }

    [JsonPropertyName("summary")]
    public ReportSummary Summary { get; set; } = new();

    [JsonPropertyName("results")]
    public List<ReportResult>? Results { get; set; }
}

/// <summary>Counts of results by outcome. Always complete, whatever the results cap kept.</summary>
public sealed class ReportSummary
{
    [JsonPropertyName("pass")]
    public int Pass { get; set; }

    [JsonPropertyName("fail")]
    public int Fail { get; set; }

    [JsonPropertyName("warn")]
    public int Warn { get; set; }

    [JsonPropertyName("error")]
    public int Error { get; set; }

    [JsonPropertyName("skip")]
    public int Skip { get; set; }
}

/// <summary>One finding as a report result (policy = check id).</summary>
public sealed class ReportResult
{
    [JsonPropertyName("source")]
    public string Source { get; set; } = "";

    [JsonPropertyName("policy")]
    public string Policy { get; set; } = "";

    [JsonPropertyName("rule")]
    public string? Rule { get; set; }

    [JsonPropertyName("category")]
    public string? Category { get; set; }

    [JsonPropertyName("severity")]
    public string? Severity { get; set; }

    [JsonPropertyName("timestamp")]
    public ReportTimestamp? Timestamp { get; set; }

    [JsonPropertyName("result")]
    public string Result { get; set; } = "";

    [JsonPropertyName("scored")]
    public bool Scored { get; set; }

    [JsonPropertyName("resources")]
    public List<V1ObjectReference>? Resources { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("properties")]
    public Dictionary<string, string>? Properties { get; set; }
}

/// <summary>metav1.Timestamp: seconds and nanoseconds since the Unix epoch.</summary>
public sealed class ReportTimestamp
{
    [JsonPropertyName("seconds")]
    public long Seconds { get; set; }

    [JsonPropertyName("nanos")]
    public int Nanos { get; set; }
}
