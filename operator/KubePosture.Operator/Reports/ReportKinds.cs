using KubePosture.Runtime.Client;

namespace KubePosture.Operator.Reports;

/// <summary>
/// The two report APIs the operator can write: openreports.io/v1alpha1 (preferred) and the older
/// wgpolicyk8s.io/v1alpha2 that Policy Reporter and Kyverno still install. Each has a namespaced and a cluster kind.
/// </summary>
public sealed record ReportApi(ResourceType Namespaced, ResourceType Cluster)
{
    public static readonly ReportApi OpenReports = new(
        new ResourceType("openreports.io", "v1alpha1", "reports", "Report", Namespaced: true),
        new ResourceType("openreports.io", "v1alpha1", "clusterreports", "ClusterReport", Namespaced: false));

    public static readonly ReportApi PolicyReports = new(
        new ResourceType("wgpolicyk8s.io", "v1alpha2", "policyreports", "PolicyReport", Namespaced: true),
        new ResourceType("wgpolicyk8s.io", "v1alpha2", "clusterpolicyreports", "ClusterPolicyReport", Namespaced: false));

    /// <summary>In order of preference.</summary>
    public static IReadOnlyList<ReportApi> All { get; } = [OpenReports, PolicyReports];

    public string GroupVersion => Namespaced.ApiVersion;

    public ResourceType For(bool clusterScoped) => clusterScoped ? Cluster : Namespaced;
}

/// <summary>Labels and annotations on the report objects a scan owns.</summary>
public static class ReportLabels
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "kubeposture";

    /// <summary>UID of the PostureScan that wrote the report: cleanup selects on it.</summary>
    public const string ScanUid = "kubeposture.io/scan-uid";

    /// <summary>Namespace of the PostureScan (a label value: namespaces are at most 63 characters).</summary>
    public const string ScanNamespace = "kubeposture.io/scan-namespace";

    /// <summary>Annotation: "namespace/name" of the PostureScan.</summary>
    public const string ScanAnnotation = "kubeposture.io/scan";

    /// <summary>Annotation present when the results cap dropped results: "kept of total".</summary>
    public const string TruncatedAnnotation = "kubeposture.io/results-truncated";
}
