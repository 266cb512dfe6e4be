namespace KubePosture.Checks.Aws;

/// <summary>A GuardDuty detector (GetDetector) with its protection plans by feature name (EKS_AUDIT_LOGS, RUNTIME_MONITORING, ...).</summary>
public sealed record GuardDutyDetector(string DetectorId, string Status, IReadOnlyDictionary<string, GuardDutyFeature> Features)
{
    public bool Enabled => Status == "ENABLED";

    public bool FeatureEnabled(string name) => Features.TryGetValue(name, out var f) && f.Status == "ENABLED";
}

/// <summary>One protection plan of a detector and its additional configuration (EKS_ADDON_MANAGEMENT → ENABLED).</summary>
public sealed record GuardDutyFeature(string Name, string Status, IReadOnlyDictionary<string, string> AdditionalConfiguration);

/// <summary>
/// An active GuardDuty finding about an EKS cluster (GetFindings), with the Kubernetes workload it names when it names
/// one (resource.kubernetesDetails.kubernetesWorkloadDetails).
/// </summary>
public sealed record GuardDutyFinding(
    string Id,
    string Type,
    double Severity,
    string Title,
    string? ClusterName,
    string? WorkloadNamespace,
    string? WorkloadName,
    string? WorkloadType,
    DateTimeOffset? UpdatedAt,
    int Count);

/// <summary>Inspector's activation for one account (BatchGetAccountStatus): status per resource type (ECR, EC2, LAMBDA).</summary>
public sealed record InspectorAccountStatus(string AccountId, string? State, IReadOnlyDictionary<string, string> ResourceStatus)
{
    public bool EcrEnabled => ResourceStatus.TryGetValue("ecr", out var s) && s == "ENABLED";
}
