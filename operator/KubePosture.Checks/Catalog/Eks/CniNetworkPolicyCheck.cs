using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed class CniNetworkPolicyCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.cni-network-policy-off",
        Title: "The cluster's CNI does not enforce NetworkPolicy",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.High,
        Description: "NetworkPolicy objects do nothing unless the network plugin enforces them: the Amazon VPC CNI does so only with network policy enabled (enableNetworkPolicy in the vpc-cni add-on's configuration values); Calico, Cilium, Antrea, kube-router and Weave Net enforce them as installed. Without enforcement every NetworkPolicy finding that passed is a false comfort, and the netpol.* findings say their policies are not enforced (Semantics/NetworkPolicyEnforcement.cs decides). A self-managed aws-node DaemonSet (no vpc-cni add-on) is not evaluated: its --enable-network-policy flag is not read.",
        Remediation: "Set enableNetworkPolicy to \"true\" in the vpc-cni add-on configuration (aws eks update-addon --addon-name vpc-cni --configuration-values '{\"enableNetworkPolicy\":\"true\"}'), or run a CNI or policy engine that enforces NetworkPolicy (Calico, Cilium).",
        References: ["CIS EKS Benchmark 4.3.1", References.EksNetwork, "Amazon VPC CNI network policies: https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html"],
        Sources: [InventorySource.DaemonSets, InventorySource.AwsEks, "eks:ListAddons", "eks:DescribeAddon"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        var cluster = AwsData.RequireCluster(aws);
        var decision = NetworkPolicyEnforcement.Decide(inventory);
        if (decision.Enforced is null)
            throw new CheckNotEvaluatedException(decision.Reason);
        if (decision.Enforced == true)
            yield break;
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EksCluster(cluster.Name),
            $"cluster {cluster.Name}: {decision.Reason}, so NetworkPolicies are not enforced",
            new Dictionary<string, string> { ["networkPolicies"] = inventory.NetworkPolicies.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }
}
