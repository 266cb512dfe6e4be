using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed class AuthConfigMapCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.auth-configmap",
        Title: "Cluster authenticates through the aws-auth ConfigMap only",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.Medium,
        Description: "accessConfig.authenticationMode is CONFIG_MAP: IAM access is granted only by editing kube-system/aws-auth, which anyone with write access to that ConfigMap can change, a typo can lock everyone out, and no AWS API or CloudTrail event records it. Access entries (API or API_AND_CONFIG_MAP) are managed through the EKS API.",
        Remediation: "Switch authenticationMode to API_AND_CONFIG_MAP (aws eks update-cluster-config --access-config authenticationMode=API_AND_CONFIG_MAP), migrate aws-auth entries to access entries, then move to API.",
        References: [References.EksIdentity, "Amazon EKS access entries: https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html"],
        Sources: [InventorySource.AwsEks, "eks:DescribeCluster"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        var cluster = AwsData.RequireCluster(aws);
        var resource = AwsResources.EksCluster(cluster.Name);
        if (!string.Equals(cluster.AuthenticationMode, "CONFIG_MAP", StringComparison.Ordinal))
            yield break;
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, resource,
            $"cluster {cluster.Name} has authenticationMode CONFIG_MAP: IAM access is managed only through kube-system/aws-auth");
    }
}
