using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.NetworkPolicy;

public sealed class NamespaceMissingCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "netpol.namespace-missing",
        Title: "Namespace has no NetworkPolicy",
        Category: CheckCategory.NetworkPolicy,
        DefaultSeverity: Severity.Medium,
        Description: "Without any NetworkPolicy every pod of the namespace accepts traffic from every pod of the cluster and can reach anything. Low while the namespace runs no workload. kube-system, kube-public and kube-node-lease are skipped unless the scan includes system namespaces.",
        Remediation: "Add NetworkPolicies to the namespace, starting with a default deny (podSelector: {}, policyTypes: [Ingress, Egress]) and explicit allows.",
        References: ["CIS EKS Benchmark 4.3.2", References.EksNetwork, References.KubernetesNetworkPolicies],
        Sources: [InventorySource.Namespaces, InventorySource.NetworkPolicies, .. InventorySource.Workloads],
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory) => NetworkPolicyEnforcement.Annotate(inventory, Find(inventory));

    private IEnumerable<Finding> Find(ClusterInventory inventory)
    {
        var withPolicies = inventory.NetworkPolicies.Select(p => p.Namespace).ToHashSet(StringComparer.Ordinal);
        var workloads = inventory.Workloads.GroupBy(w => w.Namespace).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var ns in inventory.Namespaces.Where(n => SystemNamespaces.Assessed(inventory.Scope, n.Name)))
        {
            if (withPolicies.Contains(ns.Name))
                continue;
            var count = workloads.GetValueOrDefault(ns.Name);
            var message = count == 0
                ? $"Namespace {ns.Name} has no NetworkPolicy (it runs no workload yet)"
                : $"Namespace {ns.Name} has no NetworkPolicy: its {count} workload(s) accept traffic from every pod and reach anything";
            yield return new Finding(Descriptor.Id, count == 0 ? Severity.Low : Descriptor.DefaultSeverity,
                new ResourceRef("v1", "Namespace", null, ns.Name), message,
                new Dictionary<string, string> { ["workloads"] = count.ToString() });
        }
    }
}
