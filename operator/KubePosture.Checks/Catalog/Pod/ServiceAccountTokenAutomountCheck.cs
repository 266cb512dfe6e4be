using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class ServiceAccountTokenAutomountCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.sa-token-automount",
        Title: "Service account token mounted automatically",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Low,
        Description: "A mounted service account token lets anyone who compromises the container call the Kubernetes API as the service account. The pod's automountServiceAccountToken wins; if unset, the ServiceAccount's applies; if both are unset the token is mounted.",
        Remediation: "Set automountServiceAccountToken: false on the pod spec (or on the ServiceAccount) unless the workload calls the Kubernetes API.",
        References: ["CIS EKS Benchmark 4.1.6", References.EksIdentity],
        Sources: [.. InventorySource.Workloads, InventorySource.ServiceAccounts]);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            var name = EffectiveSecurity.ServiceAccountName(w.Spec);
            var sa = inventory.ServiceAccount(w.Namespace, name);
            if (!EffectiveSecurity.AutomountsToken(w.Spec, sa))
                continue;
            FindingMessage reason = w.Spec.AutomountServiceAccountToken == true
                ? "the pod sets automountServiceAccountToken: true"
                : sa?.AutomountServiceAccountToken == true
                    ? FindingMessage.Of($"the pod leaves automountServiceAccountToken unset and ServiceAccount {name} sets it to true")
                    : FindingMessage.Of($"neither the pod nor ServiceAccount {name} sets automountServiceAccountToken (defaults to true)");
            yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "automountServiceAccountToken",
                $"mounts the token of ServiceAccount {w.Namespace}/{name}: {reason}",
                new Dictionary<string, string> { ["serviceAccount"] = name });
        }
    }
}
