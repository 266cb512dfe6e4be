using System.Text.Json.Serialization;
using k8s.Models;
using KubePosture.Api.Schema;

namespace KubePosture.Api;

/// <summary>Observed state of a PostureScan, written by the operator through the status subresource.</summary>
[Description("Observed state of the scan, written by the operator. Bounded: a summary, the worst findings and references to report objects.")]
public sealed class PostureScanStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation the status reflects.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Ready, Compliant, Degraded and Scanning.")]
    [ListMapKeys("type")]
    [MaxItems(8)]
    public List<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("lastScan")]
    [Description("The last completed scan.")]
    public LastScanStatus? LastScan { get; set; }

    [JsonPropertyName("lastHandledRescan")]
    [Description("Value of the kubeposture.io/rescan annotation that the last completed scan answered; a different annotation value requests a new scan (kept in status so a restarted operator does not rescan again).")]
    [MaxLength(1024)]
    public string? LastHandledRescan { get; set; }

    [JsonPropertyName("nextScanTime")]
    [Description("When the next scan is due (absent when suspended).")]
    public DateTime? NextScanTime { get; set; }

    [JsonPropertyName("summary")]
    [Description("Counts of the last scan's active findings and checks. Always complete, however many findings there are.")]
    public ScanSummaryStatus? Summary { get; set; }

    [JsonPropertyName("topFindings")]
    [Description("The worst active findings, at most spec.reporting.maxFindingsInStatus, worst first.")]
    [MaxItems(ReportingSpec.MaxFindingsInStatusLimit)]
    public List<TopFinding>? TopFindings { get; set; }

    [JsonPropertyName("notEvaluated")]
    [Description("Selected checks the last scan could not evaluate, grouped by reason (a source unavailable or forbidden, no AWS access, out of scope). They are never counted as passed.")]
    [MaxItems(NotEvaluatedGroup.MaxGroups)]
    public List<NotEvaluatedGroup>? NotEvaluated { get; set; }

    /// <summary>Most entries of <see cref="ReportRefs"/>: a scan of thousands of namespaces writes as many report objects, and status stays small.</summary>
    public const int MaxReportRefs = 100;

    [JsonPropertyName("reportRefs")]
    [Description("Report objects holding the full results (one per scanned namespace plus one cluster report): at most 100, those with the most results first; reportCount counts them all, and all carry the label kubeposture.io/scan-uid=<this scan's uid>.")]
    [MaxItems(MaxReportRefs)]
    public List<ReportRef>? ReportRefs { get; set; }

    [JsonPropertyName("export")]
    [Description("What the last exports (spec.export) did.")]
    public ExportStatus? Export { get; set; }
    [JsonPropertyName("compliance")]
    [Description("Per framework of spec.compliance.frameworks: control counts per result and a score (docs/compliance.md).")]
    [MaxItems(ComplianceSpec.MaxFrameworks)]
    public List<ComplianceFrameworkStatus>? Compliance { get; set; }

    [JsonPropertyName("reportCount")]
    [Description("Report objects the last scan wrote or kept (reportRefs lists at most 100 of them).")]
    [Minimum(0)]
    public int? ReportCount { get; set; }
}

/// <summary>Facts about the last completed scan.</summary>
[Description("Facts about the last completed scan.")]
public sealed class LastScanStatus
{
    [JsonPropertyName("startTime")]
    [Description("When the scan started.")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    [Description("When the scan completed.")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("durationSeconds")]
    [Description("Wall-clock duration of the scan in seconds.")]
    [Minimum(0)]
    public double? DurationSeconds { get; set; }

    [JsonPropertyName("objectsEvaluated")]
    [Description("Kubernetes objects and AWS resources the checks evaluated.")]
    [Minimum(0)]
    public long? ObjectsEvaluated { get; set; }

    [JsonPropertyName("checksRun")]
    [Description("Checks evaluated.")]
    [Minimum(0)]
    public int? ChecksRun { get; set; }

    [JsonPropertyName("awsCalls")]
    [Description("AWS API requests made for this scan (cached answers not counted).")]
    [Minimum(0)]
    public long? AwsCalls { get; set; }
}

/// <summary>Counts of a scan's active findings and checks.</summary>
[Description("Counts of active (not excepted) findings by severity, and of checks.")]
public sealed class ScanSummaryStatus
{
    [JsonPropertyName("critical")]
    [Minimum(0)]
    public int Critical { get; set; }

    [JsonPropertyName("high")]
    [Minimum(0)]
    public int High { get; set; }

    [JsonPropertyName("medium")]
    [Minimum(0)]
    public int Medium { get; set; }

    [JsonPropertyName("low")]
    [Minimum(0)]
    public int Low { get; set; }

    [JsonPropertyName("info")]
    [Minimum(0)]
    public int Info { get; set; }

    [JsonPropertyName("suppressed")]
    [Description("Findings suppressed by PostureExceptions or annotations.")]
    [Minimum(0)]
    public int Suppressed { get; set; }

    [JsonPropertyName("failedChecks")]
    [Description("Checks with at least one active finding.")]
    [Minimum(0)]
    public int FailedChecks { get; set; }

    [JsonPropertyName("passedChecks")]
    [Description("Checks evaluated with no active finding.")]
    [Minimum(0)]
    public int PassedChecks { get; set; }

    [JsonPropertyName("notEvaluatedChecks")]
    [Description("Checks selected but not evaluated (source unavailable or forbidden, out of scope); never counted as passed.")]
    [Minimum(0)]
    public int NotEvaluatedChecks { get; set; }

    [JsonPropertyName("score")]
    [Description("Posture score from 0 (worst) to 100, weighted by severity.")]
    [Minimum(0)]
    [Maximum(100)]
    public int Score { get; set; }

    [JsonPropertyName("podSecurity")]
    [Description("Workloads by the strictest Pod Security Standards level they meet.")]
    public PodSecurityCounts? PodSecurity { get; set; }
}

/// <summary>Workloads by Pod Security Standards level.</summary>
[Description("Workloads by the strictest Pod Security Standards level they meet.")]
public sealed class PodSecurityCounts
{
    [JsonPropertyName("restricted")]
    [Description("Workloads meeting the restricted level.")]
    [Minimum(0)]
    public int Restricted { get; set; }

    [JsonPropertyName("baseline")]
    [Description("Workloads meeting baseline but not restricted.")]
    [Minimum(0)]
    public int Baseline { get; set; }

    [JsonPropertyName("privileged")]
    [Description("Workloads meeting neither (privileged level).")]
    [Minimum(0)]
    public int Privileged { get; set; }
}

/// <summary>Checks that were not evaluated for one reason.</summary>
[Description("Checks that were not evaluated for one reason.")]
public sealed class NotEvaluatedGroup
{
    public const int MaxGroups = 32;
    public const int MaxReasonLength = 512;

    [JsonPropertyName("reason")]
    [Description("Why, naming the source and the missing permission or the error.")]
    [Required]
    [MaxLength(MaxReasonLength)]
    public string Reason { get; set; } = "";

    [JsonPropertyName("checks")]
    [Description("The check ids.")]
    [Required]
    [MaxItems(500)]
    public List<string> Checks { get; set; } = [];
}

/// <summary>One of the worst active findings.</summary>
[Description("An active finding.")]
public sealed class TopFinding
{
    [JsonPropertyName("checkId")]
    [Description("The check's id, such as pod.privileged.")]
    [Required]
    [MaxLength(100)]
    public string CheckId { get; set; } = "";

    [JsonPropertyName("severity")]
    [Required]
    [Enum(SeverityNames.Critical, SeverityNames.High, SeverityNames.Medium, SeverityNames.Low, SeverityNames.Info)]
    public string Severity { get; set; } = "";

    [JsonPropertyName("resource")]
    [Description("The object the finding is about (the owning workload for pods).")]
    [Required]
    public FindingResource Resource { get; set; } = new();

    [JsonPropertyName("message")]
    [Description("What is wrong, naming the field.")]
    [MaxLength(1024)]
    public string? Message { get; set; }
}

/// <summary>Reference to the object a finding is about.</summary>
[Description("Reference to a Kubernetes object or AWS resource (apiVersion aws/v1, kind such as EksCluster).")]
public sealed class FindingResource
{
    [JsonPropertyName("apiVersion")]
    [MaxLength(253)]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    [Required]
    [MaxLength(63)]
    public string Kind { get; set; } = "";

    [JsonPropertyName("namespace")]
    [Description("Absent for cluster-scoped objects and AWS resources.")]
    [MaxLength(63)]
    public string? Namespace { get; set; }

    [JsonPropertyName("name")]
    [Required]
    [MaxLength(2048)]
    public string Name { get; set; } = "";
}

/// <summary>Reference to a report object holding a scan's results.</summary>
[Description("Reference to a report object (openreports.io Report or wgpolicyk8s.io PolicyReport).")]
public sealed class ReportRef
{
    [JsonPropertyName("apiVersion")]
    [Required]
    [MaxLength(253)]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    [Required]
    [MaxLength(63)]
    public string Kind { get; set; } = "";

    [JsonPropertyName("namespace")]
    [Description("Absent for cluster reports.")]
    [MaxLength(63)]
    public string? Namespace { get; set; }

    [JsonPropertyName("name")]
    [Required]
    [MaxLength(253)]
    public string Name { get; set; } = "";

    [JsonPropertyName("results")]
    [Description("Results the report holds.")]
    [Minimum(0)]
    public int? Results { get; set; }
}

/// <summary>One framework's result in the last scan: control counts per result, a score and the failing controls.</summary>
[Description("A compliance framework's result: control counts per result (pass, fail, excepted, notEvaluated, manual, awsManaged), the score and the failing controls.")]
public sealed class ComplianceFrameworkStatus
{
    public const int MaxFailingControls = 20;

    /// <summary>Longest <see cref="Headline"/> (the CRD's maxLength).</summary>
    public const int MaxHeadline = 256;

    [JsonPropertyName("id")]
    [Required]
    [MaxLength(40)]
    public string Id { get; set; } = "";

    [JsonPropertyName("version")]
    [Required]
    [MaxLength(40)]
    public string Version { get; set; } = "";

    [JsonPropertyName("pass")]
    [Minimum(0)]
    public int Pass { get; set; }

    [JsonPropertyName("fail")]
    [Minimum(0)]
    public int Fail { get; set; }

    [JsonPropertyName("excepted")]
    [Description("Controls whose every failing finding is suppressed by a PostureException.")]
    [Minimum(0)]
    public int Excepted { get; set; }

    [JsonPropertyName("notEvaluated")]
    [Description("Controls a needed check did not run for (source unavailable, out of scope, excluded): never passed.")]
    [Minimum(0)]
    public int NotEvaluated { get; set; }

    [JsonPropertyName("manual")]
    [Minimum(0)]
    public int Manual { get; set; }

    [JsonPropertyName("awsManaged")]
    [Description("Controls that are AWS's responsibility on EKS: reported, never passed on our word.")]
    [Minimum(0)]
    public int AwsManaged { get; set; }

    [JsonPropertyName("score")]
    [Description("floor(100 x (pass + excepted) / (pass + excepted + fail + notEvaluated)); absent when no control was decided.")]
    [Minimum(0)]
    [Maximum(100)]
    public int? Score { get; set; }

    [JsonPropertyName("failingControls")]
    [Description("Ids of the failing controls, in the framework's order (at most 20).")]
    [MaxItems(MaxFailingControls)]
    [MaxLength(40)]
    public List<string>? FailingControls { get; set; }

    [JsonPropertyName("headline")]
    [Description("One line: the counts per result and the score.")]
    [MaxLength(MaxHeadline)]
    public string? Headline { get; set; }
}
