using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.NetworkPolicy;

public sealed class PodUnselectedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "netpol.pod-unselected",
        Title: "Workload not selected by any NetworkPolicy",
        Category: CheckCategory.NetworkPolicy,
        DefaultSeverity: Severity.Medium,
        Description: "A pod that no NetworkPolicy of its namespace selects is not isolated in either direction. hostNetwork pods are skipped (NetworkPolicy does not apply to them), as are system namespaces unless the scan includes them.",
        Remediation: "Add a NetworkPolicy whose spec.podSelector matches the workload's pod labels (or a namespace default deny with podSelector: {}).",
        References: [References.EksNetwork, References.KubernetesNetworkPolicies],
        Sources: [InventorySource.NetworkPolicies, .. InventorySource.Workloads]);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory) => NetworkPolicyEnforcement.Annotate(inventory, Find(inventory));

    private IEnumerable<Finding> Find(ClusterInventory inventory)
    {
        var index = NetworkPolicyIndex.For(inventory);
        foreach (var w in inventory.Workloads)
        {
            if (w.Spec.HostNetwork || !(inventory.Scope.IncludesSystemNamespaces || !SystemNamespaces.IsSystem(w.Namespace)))
                continue;
            if (index.Selecting(w).Any())
                continue;
            var labels = string.Join(",", w.PodLabels.Select(kv => $"{kv.Key}={kv.Value}"));
            yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "metadata.labels",
                $"no NetworkPolicy in namespace {w.Namespace} selects its pods (labels {(labels.Length == 0 ? "none" : labels)})",
                new Dictionary<string, string> { ["podLabels"] = labels });
        }
    }
}
