using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class AppArmorUnconfinedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.apparmor-unconfined",
        Title: "Container runs AppArmor unconfined",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "Pod Security Standards baseline forbids overriding the runtime's default AppArmor profile with Unconfined. The pod's and every container's profile must be allowed (as Pod Security admission checks them); the legacy annotation container.apparmor.security.beta.kubernetes.io/<name> counts too, where baseline allows only runtime/default and localhost/<profile>.",
        Remediation: "Remove appArmorProfile type Unconfined (and the container.apparmor.security.beta.kubernetes.io annotation value unconfined); use RuntimeDefault or a Localhost profile.",
        References: [References.PodSecurityStandards + " (baseline: AppArmor)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var v in WorkloadPodSecurity.Violations(inventory, w, "appArmorProfile"))
            {
                var what = v.Value == "Unconfined" ? "AppArmor Unconfined" : $"AppArmor profile \"{v.Value}\", which baseline does not allow (only RuntimeDefault or Localhost)";
                var details = new Dictionary<string, string> { ["appArmorProfile"] = v.Value };
                if (v.Container is { } c)
                {
                    yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, v.Field, $"runs {what} (set on the container securityContext or its legacy annotation)", details);
                }
                else if (v.Field.StartsWith("metadata.annotations", StringComparison.Ordinal))
                {
                    yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "securityContext.appArmorProfile.type",
                        $"sets the legacy AppArmor {v.Detail}, which baseline does not allow (only runtime/default or localhost/*)", details);
                }
                else
                {
                    yield return WorkloadFindings.ForPod(inventory, Descriptor, w, v.Field, $"runs {what} (set on the pod securityContext; a container's own profile does not make it allowed)", details);
                }
            }
        }
    }
}
