using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Json;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Eks;

/// <summary>Amazon EKS over restJson1. Descriptions are cached for the EKS TTL.</summary>
internal sealed class EksClient(RestJsonChannel channel, DescribeCache cache) : IEksPort
{
    private static readonly KeyValuePair<string, string> MaxResults = new("maxResults", "100");

    private static Dictionary<string, string> Labels(params (string Name, string Value)[] labels) =>
        labels.ToDictionary(l => l.Name, l => l.Value);

    public Task<EksCluster?> DescribeClusterAsync(string clusterName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksDescribeCluster, clusterName, async ct =>
        {
            try
            {
                var page = await channel.GetAsync(Op.EksDescribeCluster, "/clusters/{name}", Labels(("name", clusterName)), null, ct);
                return EksParsers.Cluster(page.RequiredObject("cluster"));
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                return (EksCluster?)null;
            }
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListNodegroupsAsync(string clusterName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksListNodegroups, clusterName, async ct => (IReadOnlyList<string>)await channel.PaginateAsync(
            Op.EksListNodegroups, "/clusters/{name}/node-groups", Labels(("name", clusterName)), [MaxResults], p => p.Strings("nodegroups"), ct), cancellationToken);

    public Task<EksNodegroup> DescribeNodegroupAsync(string clusterName, string nodegroupName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksDescribeNodegroup, $"{clusterName}/{nodegroupName}", async ct => EksParsers.Nodegroup((await channel.GetAsync(
            Op.EksDescribeNodegroup, "/clusters/{name}/node-groups/{nodegroupName}", Labels(("name", clusterName), ("nodegroupName", nodegroupName)), null, ct))
            .RequiredObject("nodegroup")), cancellationToken);

    public Task<IReadOnlyList<string>> ListAccessEntriesAsync(string clusterName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksListAccessEntries, clusterName, async ct => (IReadOnlyList<string>)await channel.PaginateAsync(
            Op.EksListAccessEntries, "/clusters/{name}/access-entries", Labels(("name", clusterName)), [MaxResults], p => p.Strings("accessEntries"), ct), cancellationToken);

    public Task<EksAccessEntry> DescribeAccessEntryAsync(string clusterName, string principalArn, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksDescribeAccessEntry, $"{clusterName}/{principalArn}", async ct =>
        {
            var entry = (await channel.GetAsync(Op.EksDescribeAccessEntry, "/clusters/{name}/access-entries/{principalArn}",
                Labels(("name", clusterName), ("principalArn", principalArn)), null, ct)).RequiredObject("accessEntry");
            return new EksAccessEntry(entry.String("clusterName") ?? clusterName, entry.RequiredString("principalArn"), entry.String("type"),
                entry.String("username"), entry.Strings("kubernetesGroups"));
        }, cancellationToken);

    public Task<IReadOnlyList<EksAssociatedAccessPolicy>> ListAssociatedAccessPoliciesAsync(string clusterName, string principalArn, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksListAssociatedAccessPolicies, $"{clusterName}/{principalArn}", async ct => (IReadOnlyList<EksAssociatedAccessPolicy>)await channel.PaginateAsync(
            Op.EksListAssociatedAccessPolicies, "/clusters/{name}/access-entries/{principalArn}/access-policies",
            Labels(("name", clusterName), ("principalArn", principalArn)), [MaxResults],
            p => p.Array("associatedAccessPolicies").Select(a =>
            {
                var scope = a.Object("accessScope");
                return new EksAssociatedAccessPolicy(principalArn, a.RequiredString("policyArn"), scope?.String("type") ?? "cluster",
                    scope?.Strings("namespaces") ?? [], a.Epoch("associatedAt"));
            }), ct), cancellationToken);

    public Task<IReadOnlyList<string>> ListPodIdentityAssociationsAsync(string clusterName, string? @namespace, string? serviceAccount, CancellationToken cancellationToken)
    {
        var query = new List<KeyValuePair<string, string>> { MaxResults };
        if (!string.IsNullOrEmpty(@namespace)) query.Add(new("namespace", @namespace));
        if (!string.IsNullOrEmpty(serviceAccount)) query.Add(new("serviceAccount", serviceAccount));
        return cache.GetAsync(Op.EksListPodIdentityAssociations, $"{clusterName}/{@namespace}/{serviceAccount}", async ct => (IReadOnlyList<string>)await channel.PaginateAsync(
            Op.EksListPodIdentityAssociations, "/clusters/{name}/pod-identity-associations", Labels(("name", clusterName)), query,
            p => p.Array("associations").Select(a => a.RequiredString("associationId")), ct), cancellationToken);
    }

    public Task<EksPodIdentityAssociation> DescribePodIdentityAssociationAsync(string clusterName, string associationId, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksDescribePodIdentityAssociation, $"{clusterName}/{associationId}", async ct =>
        {
            var a = (await channel.GetAsync(Op.EksDescribePodIdentityAssociation, "/clusters/{name}/pod-identity-associations/{associationId}",
                Labels(("name", clusterName), ("associationId", associationId)), null, ct)).RequiredObject("association");
            return new EksPodIdentityAssociation(a.String("clusterName") ?? clusterName, a.RequiredString("associationId"), a.String("associationArn") ?? "",
                a.RequiredString("namespace"), a.RequiredString("serviceAccount"), a.String("roleArn"));
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListAddonsAsync(string clusterName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksListAddons, clusterName, async ct => (IReadOnlyList<string>)await channel.PaginateAsync(
            Op.EksListAddons, "/clusters/{name}/addons", Labels(("name", clusterName)), [MaxResults], p => p.Strings("addons"), ct), cancellationToken);

    public Task<EksAddon> DescribeAddonAsync(string clusterName, string addonName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksDescribeAddon, $"{clusterName}/{addonName}", async ct =>
        {
            var a = (await channel.GetAsync(Op.EksDescribeAddon, "/clusters/{name}/addons/{addonName}",
                Labels(("name", clusterName), ("addonName", addonName)), null, ct)).RequiredObject("addon");
            return new EksAddon(a.String("clusterName") ?? clusterName, a.RequiredString("addonName"), a.String("addonVersion") ?? "", a.String("status") ?? "",
                a.String("serviceAccountRoleArn"),
                a.Object("health")?.Array("issues").Select(i => $"{i.String("code")}: {i.String("message")}").ToArray() ?? [])
            {
                ConfigurationValues = a.String("configurationValues"),
            };
        }, cancellationToken);

    public Task<IReadOnlyList<EksAddonVersion>> DescribeAddonVersionsAsync(string addonName, string kubernetesVersion, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksDescribeAddonVersions, $"{addonName}/{kubernetesVersion}", async ct => (IReadOnlyList<EksAddonVersion>)await channel.PaginateAsync(
            Op.EksDescribeAddonVersions, "/addons/supported-versions", new Dictionary<string, string>(),
            [MaxResults, new("addonName", addonName), new("kubernetesVersion", kubernetesVersion)],
            p => p.Array("addons").SelectMany(addon => addon.Array("addonVersions").Select(v =>
            {
                var compatibilities = v.Array("compatibilities");
                return new EksAddonVersion(addon.RequiredString("addonName"), v.RequiredString("addonVersion"),
                    compatibilities.Any(c => c.String("clusterVersion") == kubernetesVersion && c.Bool("defaultVersion") == true),
                    compatibilities.Select(c => c.String("clusterVersion") ?? "").ToArray());
            })), ct), cancellationToken);

    public Task<IReadOnlyList<EksClusterVersion>> DescribeClusterVersionsAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EksDescribeClusterVersions, "", async ct => (IReadOnlyList<EksClusterVersion>)await channel.PaginateAsync(
            Op.EksDescribeClusterVersions, "/cluster-versions", new Dictionary<string, string>(), [MaxResults],
            p => p.Array("clusterVersions").Select(v => new EksClusterVersion(v.RequiredString("clusterVersion"), v.String("versionStatus") ?? v.String("status"),
                v.Epoch("releaseDate"), v.Epoch("endOfStandardSupportDate"), v.Epoch("endOfExtendedSupportDate"))), ct), cancellationToken);
}
