using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class RunAsRootCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.run-as-root",
        Title: "Container may run as root",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "A container runs as UID 0 unless the effective runAsNonRoot is true or the effective runAsUser is non-zero; root in a container is one kernel bug away from root on the node. An explicit runAsUser: 0 is root whatever runAsNonRoot says.",
        Remediation: "Set securityContext.runAsNonRoot: true and a non-zero securityContext.runAsUser (pod or container level; the container's value wins).",
        References: [References.PodSecurityStandards + " (restricted: Running as Non-root)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers.Where(c => EffectiveSecurity.MayRunAsRoot(w.Spec, c)))
            {
                var user = EffectiveSecurity.RunAsUser(w.Spec, c);
                var nonRoot = EffectiveSecurity.RunAsNonRoot(w.Spec, c);
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, user == 0 ? "securityContext.runAsUser" : "securityContext.runAsNonRoot",
                    $"may run as root: {EffectiveSecurity.RootReason(w.Spec, c)}",
                    new Dictionary<string, string>
                    {
                        ["effectiveRunAsUser"] = user?.ToString() ?? "unset",
                        ["effectiveRunAsNonRoot"] = nonRoot?.ToString().ToLowerInvariant() ?? "unset",
                    });
            }
        }
    }
}
