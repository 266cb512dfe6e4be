using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class DefaultServiceAccountCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.default-service-account",
        Title: "Pod runs as the default service account",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Low,
        Description: "Every pod that does not name a service account shares the namespace's default one, so permissions granted for one workload leak to all of them.",
        Remediation: "Create a dedicated ServiceAccount for the workload and set spec.serviceAccountName to it.",
        References: ["CIS EKS Benchmark 4.1.5", References.EksIdentity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads.Where(w => EffectiveSecurity.ServiceAccountName(w.Spec) == "default"))
        {
            var how = string.IsNullOrEmpty(w.Spec.ServiceAccountName) ? "serviceAccountName is unset" : "serviceAccountName is default";
            yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "serviceAccountName",
                $"runs as the default service account of namespace {w.Namespace} ({how})");
        }
    }
}
