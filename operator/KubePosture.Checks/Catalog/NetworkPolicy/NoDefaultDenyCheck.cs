using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.NetworkPolicy;

public sealed class NoDefaultDenyCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "netpol.no-default-deny",
        Title: "Namespace has no default-deny NetworkPolicy",
        Category: CheckCategory.NetworkPolicy,
        DefaultSeverity: Severity.Medium,
        Description: "A default deny is a policy whose podSelector is {} (every pod of the namespace) with that policy type: it isolates every pod, new ones included, so only explicit allows pass. A policy whose own rule allows every peer on every port is not a deny. Reported per missing direction (Ingress, Egress).",
        Remediation: "Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress, Egress] and no rules, then allow the flows each workload needs.",
        References: [References.EksNetwork, References.KubernetesNetworkPolicies],
        Sources: [InventorySource.Namespaces, InventorySource.NetworkPolicies, .. InventorySource.Workloads],
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory) => NetworkPolicyEnforcement.Annotate(inventory, Find(inventory));

    private IEnumerable<Finding> Find(ClusterInventory inventory)
    {
        var policies = inventory.NetworkPolicies.ToLookup(p => p.Namespace, StringComparer.Ordinal);
        foreach (var ns in inventory.Namespaces.Where(n => SystemNamespaces.Assessed(inventory.Scope, n.Name)))
        {
            var selectingAll = policies[ns.Name].Where(p => p.PodSelector.IsEmpty).ToList();
            var missing = new List<string>();
            if (!selectingAll.Any(p => p.AffectsIngress && !p.Ingress.Any(OpensEverything)))
                missing.Add("Ingress");
            if (!selectingAll.Any(p => p.AffectsEgress && !p.Egress.Any(OpensEverything)))
                missing.Add("Egress");
            if (missing.Count == 0)
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, new ResourceRef("v1", "Namespace", null, ns.Name),
                $"Namespace {ns.Name} has no NetworkPolicy selecting all pods (podSelector: {{}}) for {string.Join(" and ", missing)}",
                new Dictionary<string, string> { ["missing"] = string.Join(",", missing) });
        }
    }

    /// <summary>A rule that allows every peer on every port undoes the isolation of the policy it is in.</summary>
    private static bool OpensEverything(NetworkPolicyRuleRecord rule) => rule.Ports.Count == 0 && NetworkPolicySelection.AllowsAllPeers(rule);
}
