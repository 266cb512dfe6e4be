using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class SeccompCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.seccomp",
        Title: "Container runs without a seccomp profile",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.Medium,
        Description: "Without a seccomp profile every system call reaches the kernel. The effective profile is the container's securityContext.seccompProfile, else the pod's; it must be RuntimeDefault or Localhost. Windows pods (spec.os.name or a nodeSelector for windows) are not assessed: the field is Linux-only.",
        Remediation: "Set spec.securityContext.seccompProfile.type: RuntimeDefault (or per container securityContext.seccompProfile).",
        References: [References.PodSecurityStandards + " (restricted: Seccomp)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        // Windows pods cannot set this Linux-only field (the API rejects it when spec.os.name is windows).
        foreach (var w in inventory.Workloads.Where(w => !w.Spec.IsWindows))
        {
            foreach (var c in w.Spec.Containers)
            {
                var profile = EffectiveSecurity.SeccompProfileType(w.Spec, c);
                if (profile is "RuntimeDefault" or "Localhost")
                    continue;
                var source = c.SecurityContext.SeccompProfileType is not null ? "container securityContext" : "pod securityContext";
                var text = profile is null ? "no seccomp profile (seccompProfile unset on pod and container)" : $"seccomp profile {profile} (from the {source})";
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "securityContext.seccompProfile.type", $"runs with {text}",
                    new Dictionary<string, string> { ["effectiveSeccompProfile"] = profile ?? "unset" });
            }
        }
    }
}
