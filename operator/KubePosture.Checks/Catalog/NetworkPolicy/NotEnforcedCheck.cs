using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.NetworkPolicy;

public sealed class NotEnforcedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "netpol.not-enforced",
        Title: "Nothing enforces NetworkPolicies",
        Category: CheckCategory.NetworkPolicy,
        DefaultSeverity: Severity.High,
        Description: "On EKS the VPC CNI enforces NetworkPolicies only when its network policy agent is enabled (vpc-cni add-on configurationValues enableNetworkPolicy: \"true\"); otherwise another CNI must enforce them (Calico, Cilium, Antrea, kube-router running as a DaemonSet). When neither is the case every NetworkPolicy is ignored: namespaces look isolated and are not. High when the cluster has NetworkPolicies (false assurance), Medium when it has none. The other netpol.* findings then say their policies are not enforced. Not evaluated when it cannot be told (a self-managed aws-node, whose agent flag is a container argument the inventory does not keep).",
        Remediation: "Enable the VPC CNI network policy agent: aws eks update-addon --cluster-name <cluster> --addon-name vpc-cni --configuration-values '{\"enableNetworkPolicy\":\"true\"}' (VPC CNI 1.14 or later), or install an enforcing CNI such as Calico in policy-only mode.",
        References: [References.EksNetwork, "Amazon VPC CNI network policies: https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html", References.KubernetesNetworkPolicies],
        Sources: [InventorySource.AwsEks, "eks:ListAddons", "eks:DescribeAddon", InventorySource.NetworkPolicies, InventorySource.DaemonSets, InventorySource.Pods],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var decision = NetworkPolicyEnforcement.Decide(inventory);
        if (decision.Enforced is null) throw new CheckNotEvaluatedException(decision.Reason);
        if (decision.Enforced == true) yield break;
        var count = inventory.NetworkPolicies.Count;
        yield return new Finding(Descriptor.Id, count > 0 ? Severity.High : Severity.Medium, AwsResources.EksCluster(aws.ClusterName ?? ""),
            count > 0
                ? $"the cluster's {count} NetworkPolicies are not enforced: {decision.Reason}"
                : $"NetworkPolicies would not be enforced: {decision.Reason}",
            new Dictionary<string, string> { ["networkPolicies"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture), ["reason"] = decision.Reason });
    }
}
