using System.Text.Json.Serialization;
using KubePosture.Api.Schema;

namespace KubePosture.Api;

/// <summary>Desired behaviour of a PostureScan. Every field is optional; defaults give a sensible scan.</summary>
[Description("What to assess and when.")]
public sealed class PostureScanSpec
{
    public const string DefaultInterval = "6h";
    public const string MinimumInterval = "5m";
    public const string DefaultFailOn = SeverityNames.High;

    [JsonPropertyName("schedule")]
    [Description("Cron schedule (5 fields, UTC) such as \"0 */6 * * *\". When set it replaces interval.")]
    [MaxLength(100)]
    public string? Schedule { get; set; }

    [JsonPropertyName("interval")]
    [Description("Time between scans when no schedule is set: integer-unit pairs with units s, m, h, d (30m, 6h, 1d). Minimum 5m.")]
    [Pattern(Duration.Pattern)]
    [Default(DefaultInterval)]
    public string Interval { get; set; } = DefaultInterval;

    [JsonPropertyName("suspend")]
    [Description("Stop scheduling scans; the last results stay in status and Ready becomes False with reason Suspended.")]
    [Default(false)]
    public bool Suspend { get; set; }

    [JsonPropertyName("scope")]
    [Description("Which namespaces and whether cluster-scoped objects are assessed. A scan outside the operator's control namespace may only assess its own namespace.")]
    public ScanScope? Scope { get; set; }

    [JsonPropertyName("checks")]
    [Description("Which checks run.")]
    public CheckSelectionSpec? Checks { get; set; }

    [JsonPropertyName("failOn")]
    [Description("Lowest severity of an active finding that makes the Compliant condition False.")]
    [Enum(SeverityNames.Critical, SeverityNames.High, SeverityNames.Medium, SeverityNames.Low, SeverityNames.Info)]
    [Default(DefaultFailOn)]
    public string FailOn { get; set; } = DefaultFailOn;

    [JsonPropertyName("severityOverrides")]
    [Description("Severity to report for a check instead of its default, by check id (for example image.non-ecr: Medium).")]
    [MaxProperties(200)]
    [Enum(SeverityNames.Critical, SeverityNames.High, SeverityNames.Medium, SeverityNames.Low, SeverityNames.Info)]
    public Dictionary<string, string>? SeverityOverrides { get; set; }

    [JsonPropertyName("aws")]
    [Description("Assessment of the AWS account around the cluster (EKS, ECR, EC2, VPC, IAM, SSM, ECS). Only scans in the control namespace may enable it.")]
    public AwsSpec? Aws { get; set; }

    [JsonPropertyName("ecr")]
    [Description("Settings of the ECR image checks.")]
    public EcrSpec? Ecr { get; set; }

    [JsonPropertyName("nodes")]
    [Description("Settings of the node checks.")]
    public NodesSpec? Nodes { get; set; }

    [JsonPropertyName("images")]
    [Description("Settings of the image checks.")]
    public ImagesSpec? Images { get; set; }

    [JsonPropertyName("reporting")]
    [Description("How much of the result is written to status and report objects.")]
    [Default]
    public ReportingSpec Reporting { get; set; } = new();

    [JsonPropertyName("exceptions")]
    [Description("How findings may be excepted besides PostureException objects.")]
    [Default]
    public ExceptionsSpec Exceptions { get; set; } = new();

    [JsonPropertyName("export")]
    [Description("Where the findings are exported (AWS Security Hub). Only scans in the control namespace may export.")]
    public ExportSpec? Export { get; set; }
    [JsonPropertyName("compliance")]
    [Description("Compliance frameworks whose per-control results the scan reports in status.compliance (docs/compliance.md).")]
    public ComplianceSpec? Compliance { get; set; }
}

/// <summary>Compliance frameworks a scan reports.</summary>
[Description("Compliance frameworks a scan reports, each control labelled by the AWS shared responsibility model.")]
public sealed class ComplianceSpec
{
    public const int MaxFrameworks = 10;

    /// <summary>Framework id syntax: lower-case words joined by '-' (cis-eks, pss-restricted).</summary>
    public const string FrameworkIdPattern = "^[a-z0-9]+(-[a-z0-9]+)*$";

    [JsonPropertyName("frameworks")]
    [Description("Framework ids: cis-eks (CIS Amazon EKS Benchmark), nsa-cisa (NSA/CISA Kubernetes Hardening Guide), pss-baseline, pss-restricted (Pod Security Standards), aws-fsbp (AWS Foundational Security Best Practices). An unknown id makes the scan InvalidSpec with the closest id.")]
    [MaxItems(MaxFrameworks)]
    [MaxLength(40)]
    [Pattern(FrameworkIdPattern)]
    public List<string>? Frameworks { get; set; }
}

/// <summary>Namespaces and cluster-scoped objects a scan assesses.</summary>
[Description("Which namespaces and whether cluster-scoped objects are assessed.")]
public sealed class ScanScope
{
    [JsonPropertyName("includeNamespaces")]
    [Description("Namespace name globs (* and ?) to assess. Empty: every namespace in a control-namespace scan, the scan's own namespace otherwise.")]
    [MaxItems(100)]
    [MaxLength(63)]
    [Pattern(ScopeGlob.Pattern)]
    public List<string>? IncludeNamespaces { get; set; }

    [JsonPropertyName("excludeNamespaces")]
    [Description("Namespace name globs (* and ?) left out even when included.")]
    [MaxItems(100)]
    [MaxLength(63)]
    [Pattern(ScopeGlob.Pattern)]
    public List<string>? ExcludeNamespaces { get; set; }

    [JsonPropertyName("namespaceSelector")]
    [Description("Only namespaces whose labels match this selector are assessed (in addition to the globs).")]
    public LabelSelectorSpec? NamespaceSelector { get; set; }

    [JsonPropertyName("clusterResources")]
    [Description("Assess cluster-scoped objects (nodes, ClusterRoles, bindings, aws-auth). Default: true in the control namespace; a tenant scan setting it gets ScopeRestricted.")]
    public bool? ClusterResources { get; set; }
}

/// <summary>Namespace glob syntax of <see cref="ScanScope"/>.</summary>
public static class ScopeGlob
{
    /// <summary>Lower-case DNS label characters plus the wildcards * and ?.</summary>
    public const string Pattern = "^[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$";
}

/// <summary>Kubernetes label selector (<c>metav1.LabelSelector</c>): all terms must hold; empty matches everything.</summary>
[Description("A label selector: every matchLabels entry and every matchExpressions requirement must hold; an empty selector matches everything.")]
public sealed class LabelSelectorSpec
{
    [JsonPropertyName("matchLabels")]
    [Description("Labels that must be present with exactly these values.")]
    [MaxProperties(50)]
    public Dictionary<string, string>? MatchLabels { get; set; }

    [JsonPropertyName("matchExpressions")]
    [Description("Requirements on labels.")]
    [MaxItems(50)]
    public List<LabelSelectorRequirementSpec>? MatchExpressions { get; set; }
}

/// <summary>One requirement of a label selector.</summary>
[Description("A requirement on one label key.")]
public sealed class LabelSelectorRequirementSpec
{
    public const string In = "In";
    public const string NotIn = "NotIn";
    public const string Exists = "Exists";
    public const string DoesNotExist = "DoesNotExist";

    [JsonPropertyName("key")]
    [Description("The label key.")]
    [Required]
    [MinLength(1)]
    [MaxLength(317)]
    public string Key { get; set; } = "";

    [JsonPropertyName("operator")]
    [Description("In and NotIn need values; Exists and DoesNotExist must have none.")]
    [Required]
    [Enum(In, NotIn, Exists, DoesNotExist)]
    public string Operator { get; set; } = "";

    [JsonPropertyName("values")]
    [Description("Values for In and NotIn.")]
    [MaxItems(100)]
    [MaxLength(63)]
    public List<string>? Values { get; set; }
}

/// <summary>Check selection: which checks run and from which severity up.</summary>
[Description("Which checks run. Entries are check ids (pod.privileged), globs (pod.*) or category names (rbac).")]
public sealed class CheckSelectionSpec
{
    [JsonPropertyName("include")]
    [Description("Checks to run: ids, globs or categories. Empty: every check.")]
    [MaxItems(200)]
    [MaxLength(100)]
    [Pattern(CheckGlob.Pattern)]
    public List<string>? Include { get; set; }

    [JsonPropertyName("exclude")]
    [Description("Checks not to run, even when included: ids, globs or categories.")]
    [MaxItems(200)]
    [MaxLength(100)]
    [Pattern(CheckGlob.Pattern)]
    public List<string>? Exclude { get; set; }

    [JsonPropertyName("minSeverity")]
    [Description("Findings below this severity are not reported.")]
    [Enum(SeverityNames.Critical, SeverityNames.High, SeverityNames.Medium, SeverityNames.Low, SeverityNames.Info)]
    public string? MinSeverity { get; set; }
}

/// <summary>Syntax of check ids, globs and category names.</summary>
public static class CheckGlob
{
    /// <summary>Lower-case letters, digits, '.', '-' and the wildcards * and ?.</summary>
    public const string Pattern = "^[a-z0-9*?][-a-z0-9.*?]*$";
}

/// <summary>AWS-side assessment.</summary>
[Description("AWS-side assessment. Credentials come from the operator's IRSA or Pod Identity role, optionally assuming roleArn.")]
public sealed class AwsSpec
{
    public const string RegionPattern = "^[a-z]{2}(-[a-z]+)+-[0-9]+$";
    public const string ClusterNamePattern = "^[0-9A-Za-z][A-Za-z0-9_-]*$";
    public const string RoleArnPattern = "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$";

    [JsonPropertyName("enabled")]
    [Description("Read AWS data and run the AWS-side and linked checks.")]
    [Default(false)]
    public bool Enabled { get; set; }

    [JsonPropertyName("region")]
    [Description("AWS region of the cluster, such as eu-west-1. Default: the operator's AWS_REGION.")]
    [Pattern(RegionPattern)]
    [MaxLength(32)]
    public string? Region { get; set; }

    [JsonPropertyName("clusterName")]
    [Description("EKS cluster name. Default: discovered from the nodes' tags or the operator's configuration.")]
    [Pattern(ClusterNamePattern)]
    [MaxLength(100)]
    public string? ClusterName { get; set; }

    [JsonPropertyName("roleArn")]
    [Description("IAM role to assume for the reads (arn:aws:iam::123456789012:role/name). Default: the operator's own role.")]
    [Pattern(RoleArnPattern)]
    [MaxLength(2048)]
    public string? RoleArn { get; set; }

    [JsonPropertyName("ecsClusters")]
    [Description("ECS clusters (names or ARNs) whose services, running tasks and task definitions the ecs.* checks assess, in the scan's region. Empty: every ECS cluster of the region.")]
    [MaxItems(100)]
    [MaxLength(320)]
    [Pattern(EcsClusterPattern)]
    public List<string>? EcsClusters { get; set; }

    public const string EcsClusterPattern = "^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]{1,255})$";

    public const int DefaultMinLogRetentionDays = 365;
    public const int MaxLogRetentionDays = 3653;

    [JsonPropertyName("minLogRetentionDays")]
    [Description("The control-plane log group and ECS awslogs groups must keep logs at least this many days (logs.retention-short); never-expiring groups pass.")]
    [Minimum(1)]
    [Maximum(MaxLogRetentionDays)]
    [Default(DefaultMinLogRetentionDays)]
    public int MinLogRetentionDays { get; set; } = DefaultMinLogRetentionDays;
}

/// <summary>ECR image check settings.</summary>
[Description("Settings of the ECR image checks.")]
public sealed class EcrSpec
{
    public const string DefaultMaxScanAge = "30d";

    [JsonPropertyName("maxScanAge")]
    [Description("An image whose last ECR scan is older than this is reported unscanned (ecr.image-unscanned). Duration such as 30d.")]
    [Pattern(Duration.Pattern)]
    [Default(DefaultMaxScanAge)]
    public string MaxScanAge { get; set; } = DefaultMaxScanAge;
}

/// <summary>Node check settings.</summary>
[Description("Settings of the node checks.")]
public sealed class NodesSpec
{
    [JsonPropertyName("maxNodeAge")]
    [Description("A node older than this is reported stale (node.stale), following an immutable-AMI patch cadence. Unset: the check does not report age.")]
    [Pattern(Duration.Pattern)]
    public string? MaxNodeAge { get; set; }
}

/// <summary>Image check settings.</summary>
[Description("Settings of the image checks.")]
public sealed class ImagesSpec
{
    [JsonPropertyName("allowedRegistries")]
    [Description("Registries images may come from besides ECR (image.non-ecr), as host globs such as public.ecr.aws or *.example.com.")]
    [MaxItems(100)]
    [MaxLength(253)]
    public List<string>? AllowedRegistries { get; set; }
}

/// <summary>How much of a result is written to status and report objects.</summary>
[Description("How much of the result is written to status and report objects. The summary is always complete.")]
public sealed class ReportingSpec
{
    public const int DefaultMaxFindingsInStatus = 20;
    public const int MaxFindingsInStatusLimit = 100;
    public const int DefaultMaxResultsPerReport = 1000;
    public const int MaxResultsPerReportLimit = 5000;

    [JsonPropertyName("maxFindingsInStatus")]
    [Description("How many of the worst findings status.topFindings keeps.")]
    [Minimum(0)]
    [Maximum(MaxFindingsInStatusLimit)]
    [Default(DefaultMaxFindingsInStatus)]
    public int MaxFindingsInStatus { get; set; } = DefaultMaxFindingsInStatus;

    [JsonPropertyName("reports")]
    [Description("Write openreports.io Report objects (or wgpolicyk8s.io PolicyReports when only those exist) per scanned namespace, when the CRD is installed.")]
    [Default(true)]
    public bool Reports { get; set; } = true;

    [JsonPropertyName("maxResultsPerReport")]
    [Description("Most results one report object holds; the worst are kept and the report's summary still counts all.")]
    [Minimum(1)]
    [Maximum(MaxResultsPerReportLimit)]
    [Default(DefaultMaxResultsPerReport)]
    public int MaxResultsPerReport { get; set; } = DefaultMaxResultsPerReport;
}

/// <summary>Exceptions besides PostureException objects.</summary>
[Description("How findings may be excepted besides PostureException objects.")]
public sealed class ExceptionsSpec
{
    [JsonPropertyName("allowAnnotations")]
    [Description("Honour the kubeposture.io/ignore-checks annotation on workloads. Off by default: whoever can edit a workload could silence its findings.")]
    [Default(false)]
    public bool AllowAnnotations { get; set; }
}
