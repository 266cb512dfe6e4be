using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed class EndpointPublicCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.endpoint-public",
        Title: "Cluster API endpoint is public",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.High,
        Description: "The cluster's Kubernetes API endpoint is reachable from the internet (resourcesVpcConfig.endpointPublicAccess). Open to 0.0.0.0/0 (or ::/0) it is High: anyone can probe the API server and try stolen credentials; public but limited to publicAccessCidrs it is Medium.",
        Remediation: "Set endpointPrivateAccess true and endpointPublicAccess false (aws eks update-cluster-config --resources-vpc-config), or at least restrict publicAccessCidrs to the networks that administer the cluster.",
        References: [References.EksNetwork, "CIS EKS Benchmark 5.4.2", "AWS Security Hub EKS.1", "Cluster endpoint access: https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html"],
        Sources: [InventorySource.AwsEks, "eks:DescribeCluster"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        var cluster = AwsData.RequireCluster(aws);
        var resource = AwsResources.EksCluster(cluster.Name);
        if (!cluster.EndpointPublicAccess)
            yield break;
        var open = cluster.PublicAccessCidrs.Count == 0 || cluster.PublicAccessCidrs.Any(c => c is "0.0.0.0/0" or "::/0");
        var cidrs = cluster.PublicAccessCidrs.Count == 0 ? "0.0.0.0/0" : string.Join(", ", cluster.PublicAccessCidrs);
        yield return new Finding(Descriptor.Id, open ? Severity.High : Severity.Medium, resource,
            open
                ? $"cluster {cluster.Name} API endpoint is public and open to {cidrs}"
                : $"cluster {cluster.Name} API endpoint is public, limited to {cidrs}",
            new Dictionary<string, string> { ["publicAccessCidrs"] = cidrs, ["privateAccess"] = cluster.EndpointPrivateAccess ? "true" : "false" });
    }
}
