using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed class VersionSupportCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.version-support",
        Title: "Cluster version out of standard support",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.High,
        Description: "The cluster's Kubernetes version is past its end of standard support according to EKS (DescribeClusterVersions): it gets no new patches in standard terms, costs extended-support fees, and is upgraded automatically at the end of extended support. Dates come from AWS at scan time, compared with the scan time.",
        Remediation: "Upgrade the control plane one minor version at a time (aws eks update-cluster-version), then node groups and add-ons, after checking deprecated APIs.",
        References: [References.EksVersions, "EKS Best Practices, Cluster upgrades: https://docs.aws.amazon.com/eks/latest/best-practices/cluster-upgrades.html", "AWS Security Hub EKS.2"],
        Sources: [InventorySource.AwsEks, "eks:DescribeCluster", "eks:DescribeClusterVersions"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        var cluster = AwsData.RequireCluster(aws);
        var version = aws.ClusterVersions.FirstOrDefault(v => v.Version == cluster.Version)
            ?? throw new CheckNotEvaluatedException($"eks:DescribeClusterVersions has no support dates for version {cluster.Version}");
        if (version.EndOfStandardSupportDate is not { } end || inventory.ScanTime < end)
            yield break;
        var extendedEnd = version.EndOfExtendedSupportDate;
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EksCluster(cluster.Name),
            $"cluster {cluster.Name} runs Kubernetes {cluster.Version}, out of standard support since {end:yyyy-MM-dd}" +
            (extendedEnd is { } e ? $" (extended support ends {e:yyyy-MM-dd})" : ""),
            new Dictionary<string, string>
            {
                ["version"] = cluster.Version,
                ["endOfStandardSupport"] = end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["endOfExtendedSupport"] = extendedEnd?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            });
    }
}
