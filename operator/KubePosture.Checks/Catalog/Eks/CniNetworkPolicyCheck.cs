using System.Text.RegularExpressions;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Eks;

public sealed partial class CniNetworkPolicyCheck : ICheck
{
    /// <summary>Image repositories of DaemonSets that enforce NetworkPolicy whatever their configuration.</summary>
    private static readonly string[] EnforcingImages = ["calico/node", "cilium/cilium", "antrea/antrea-agent", "antrea-agent-ubuntu", "cloudnative/kube-router", "weaveworks/weave-npc"];

    public CheckDescriptor Descriptor { get; } = new(
        Id: "eks.cni-network-policy-off",
        Title: "The cluster's CNI does not enforce NetworkPolicy",
        Category: CheckCategory.Eks,
        DefaultSeverity: Severity.High,
        Description: "NetworkPolicy objects do nothing unless the network plugin enforces them: the Amazon VPC CNI does so only with network policy enabled (enableNetworkPolicy in the vpc-cni add-on's configuration values); Calico, Cilium, Antrea, kube-router and Weave Net enforce them as installed. Without enforcement every NetworkPolicy finding that passed is a false comfort. A self-managed aws-node DaemonSet (no vpc-cni add-on) is not evaluated: its --enable-network-policy flag is not read.",
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
        if (inventory.Workloads.Any(w => w.Ref.Kind == "DaemonSet" && w.Spec.Containers.Any(c => EnforcingImages.Any(i => c.Image.Contains(i, StringComparison.Ordinal)))))
            yield break;
        if (aws.Addons.FirstOrDefault(a => a.Name == "vpc-cni") is not { } cni)
        {
            throw new CheckNotEvaluatedException(
                "no vpc-cni add-on and no NetworkPolicy-enforcing CNI DaemonSet found: a self-managed aws-node's --enable-network-policy flag is not read");
        }

        if (cni.ConfigurationValues is { } values && NetworkPolicyEnabled().IsMatch(values))
            yield break;
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EksCluster(cluster.Name),
            $"cluster {cluster.Name}: the vpc-cni add-on ({cni.Version}) does not enable network policy (enableNetworkPolicy is not \"true\" in its configuration values) and no other CNI enforces NetworkPolicy, so NetworkPolicies are not enforced");
    }

    /// <summary>enableNetworkPolicy set to true in the add-on's JSON or YAML configuration values (quoted or not).</summary>
    [GeneratedRegex(@"[""']?enableNetworkPolicy[""']?\s*:\s*[""']?true[""']?", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkPolicyEnabled();
}
