using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class AppArmorUnconfinedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.apparmor-unconfined",
        Title: "Container runs AppArmor unconfined",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "Pod Security Standards baseline forbids overriding the runtime's default AppArmor profile with Unconfined. The effective profile is the container's, else the pod's; the legacy annotation container.apparmor.security.beta.kubernetes.io/<name> counts too, where baseline allows only runtime/default and localhost/<profile>.",
        Remediation: "Remove appArmorProfile type Unconfined (and the container.apparmor.security.beta.kubernetes.io annotation value unconfined); use RuntimeDefault or a Localhost profile.",
        References: [References.PodSecurityStandards + " (baseline: AppArmor)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers)
            {
                var profile = EffectiveSecurity.AppArmorProfileType(w.Spec, c);
                if (PodSecurityLevels.AppArmorAllowed(profile))
                    continue;
                var source = c.SecurityContext.AppArmorProfileType is not null ? "container securityContext or its legacy annotation" : "pod securityContext";
                var what = profile == "Unconfined" ? "AppArmor Unconfined" : $"AppArmor profile \"{profile}\", which baseline does not allow (only RuntimeDefault or Localhost)";
                yield return WorkloadFindings.ForContainer(Descriptor, w, c, "securityContext.appArmorProfile.type",
                    $"runs {what} (set on the {source})", new Dictionary<string, string> { ["effectiveAppArmorProfile"] = profile! });
            }
        }
    }
}
