using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.NetworkPolicy;

public sealed class AllowAllCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "netpol.allow-all",
        Title: "NetworkPolicy admits all sources",
        Category: CheckCategory.NetworkPolicy,
        DefaultSeverity: Severity.High,
        Description: "An ingress rule with an empty from list, a peer without selectors, a namespaceSelector {} (every pod of every namespace) or an ipBlock of 0.0.0.0/0 or ::/0 allows every source and defeats the isolation the policy creates.",
        Remediation: "Replace the catch-all peer in spec.ingress[].from with the pod, namespace or CIDR selectors of the clients that need access.",
        References: [References.EksNetwork, References.KubernetesNetworkPolicies],
        Sources: [InventorySource.NetworkPolicies]);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory) => NetworkPolicyEnforcement.Annotate(inventory, Find(inventory));

    private IEnumerable<Finding> Find(ClusterInventory inventory)
    {
        foreach (var p in inventory.NetworkPolicies.Where(p => p.AffectsIngress))
        {
            for (var i = 0; i < p.Ingress.Count; i++)
            {
                var rule = p.Ingress[i];
                if (!NetworkPolicySelection.AllowsAllPeers(rule))
                    continue;
                var how = rule.Peers.Count == 0
                    ? "has no from list (all sources)"
                    : $"has a peer admitting every source ({Describe(rule.Peers.First(NetworkPolicySelection.IsAllPeers))})";
                var ports = rule.Ports.Count == 0 ? "on all ports" : $"on ports {string.Join(", ", rule.Ports)}";
                yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity,
                    new ResourceRef("networking.k8s.io/v1", "NetworkPolicy", p.Namespace, p.Name),
                    $"NetworkPolicy {p.Namespace}/{p.Name}: spec.ingress[{i}] {how} {ports}",
                    new Dictionary<string, string> { ["field"] = $"spec.ingress[{i}].from", ["ports"] = string.Join(",", rule.Ports) });
            }
        }
    }

    private static string Describe(NetworkPolicyPeerRecord peer) =>
        peer.IpBlockCidr is not null ? $"ipBlock {peer.IpBlockCidr}"
        : peer.NamespaceSelector is not null ? "namespaceSelector: {}"
        : "empty peer";
}
