namespace KubePosture.Operator.Export;

/// <summary>
/// Which cluster this operator speaks for: the name on every metric series (label <c>cluster</c>), in exported
/// findings' Ids and ARNs, and in alerts. Configured (<c>--cluster-name</c>, KUBEPOSTURE_CLUSTER_NAME), else the EKS
/// cluster name (Aws:ClusterName, which the chart sets from aws.clusterName), else the API server's host.
/// </summary>
public sealed record ClusterIdentity(string Name, string Source)
{
    public const string Configured = "configured";
    public const string EksClusterName = "eks";
    public const string ApiServerHost = "api-server";

    public static ClusterIdentity Resolve(string? configured, string? eksClusterName, string? apiServerUrl)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return new ClusterIdentity(configured.Trim(), Configured);
        if (!string.IsNullOrWhiteSpace(eksClusterName))
            return new ClusterIdentity(eksClusterName.Trim(), EksClusterName);
        var host = Uri.TryCreate(apiServerUrl, UriKind.Absolute, out var uri) ? uri.Host : apiServerUrl?.Trim();
        return new ClusterIdentity(string.IsNullOrEmpty(host) ? "unknown" : host, ApiServerHost);
    }
}
