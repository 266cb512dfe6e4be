using System.Text.RegularExpressions;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;

namespace KubePosture.Aws.Collection;

/// <summary>
/// Works out which region and EKS cluster a scan reads when they are not configured: the region from the nodes'
/// spec.providerID (aws:///us-west-2a/i-...), the cluster name from node labels or, failing that, the EC2 tags of the
/// node instances (aws:eks:cluster-name, kubernetes.io/cluster/&lt;name&gt;). Ambiguity is an error naming what was found.
/// </summary>
public static partial class AwsScopeDiscovery
{
    /// <summary>Labels that carry the EKS cluster name on some node provisioners (eksctl, Karpenter's EC2NodeClass tags do not reach labels).</summary>
    public static readonly IReadOnlyList<string> ClusterNameLabels = ["alpha.eksctl.io/cluster-name", "eks.amazonaws.com/cluster-name"];

    public const string NodegroupLabel = "eks.amazonaws.com/nodegroup";

    /// <summary>The EC2 instance id in a providerID, or null (Fargate, non-AWS nodes).</summary>
    public static string? InstanceId(string? providerId)
    {
        if (providerId is null || !providerId.StartsWith("aws:///", StringComparison.Ordinal))
            return null;
        var last = providerId[(providerId.LastIndexOf('/') + 1)..];
        return InstanceIdPattern().IsMatch(last) ? last : null;
    }

    /// <summary>The availability zone in a providerID.</summary>
    public static string? Zone(string? providerId) =>
        providerId is not null && providerId.StartsWith("aws:///", StringComparison.Ordinal) ? providerId["aws:///".Length..].Split('/')[0] : null;

    /// <summary>The region to read: configured, else the one region of the nodes' providerIDs.</summary>
    public static string Region(string? configured, IReadOnlyList<NodeRecord> nodes)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        var regions = nodes.Select(n => AwsPartitions.RegionFromProviderId(n.ProviderId)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return regions.Count switch
        {
            1 => regions[0],
            0 => throw new AwsScopeException("spec.aws.region: not set and no node has an aws:/// providerID to discover it from; set spec.aws.region (or the operator's Aws:Region)"),
            _ => throw new AwsScopeException($"spec.aws.region: not set and the nodes' providerIDs span regions {string.Join(", ", regions)}; set spec.aws.region to the cluster's region"),
        };
    }

    /// <summary>The cluster name: configured, else from node labels, else from the node instances' EC2 tags.</summary>
    public static string ClusterName(string? configured, IReadOnlyList<NodeRecord> nodes, IReadOnlyList<Ec2Instance> instances)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        var fromLabels = nodes.SelectMany(n => ClusterNameLabels.Select(l => n.Labels.GetValueOrDefault(l))).OfType<string>().ToList();
        var names = fromLabels.Count > 0
            ? fromLabels
            : instances.SelectMany(TagNames).ToList();
        var distinct = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return distinct.Count switch
        {
            1 => distinct[0],
            0 => throw new AwsScopeException("spec.aws.clusterName: not set and neither node labels nor the node instances' tags (aws:eks:cluster-name, kubernetes.io/cluster/<name>) name the cluster; set spec.aws.clusterName"),
            _ => throw new AwsScopeException($"spec.aws.clusterName: not set and the nodes name several clusters ({string.Join(", ", distinct)}); set spec.aws.clusterName"),
        };
    }

    private static IEnumerable<string> TagNames(Ec2Instance instance)
    {
        if (instance.Tags.TryGetValue("aws:eks:cluster-name", out var name) && name.Length > 0)
        {
            yield return name;
            yield break;
        }

        foreach (var (key, value) in instance.Tags)
        {
            if (key.StartsWith("kubernetes.io/cluster/", StringComparison.Ordinal) && value is "owned" or "shared")
                yield return key["kubernetes.io/cluster/".Length..];
        }
    }

    [GeneratedRegex("^i-[0-9a-f]{8,17}$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceIdPattern();
}

/// <summary>The scan's AWS scope (region, cluster) is missing or ambiguous; the message names the field and the fix.</summary>
public sealed class AwsScopeException : Exception
{
    public AwsScopeException()
    {
    }

    public AwsScopeException(string message)
        : base(message)
    {
    }

    public AwsScopeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
