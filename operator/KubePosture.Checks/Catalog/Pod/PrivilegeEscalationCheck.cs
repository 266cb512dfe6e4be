using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class PrivilegeEscalationCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.privilege-escalation",
        Title: "Container allows privilege escalation",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "Without no_new_privs a process can gain privileges through setuid binaries or file capabilities. Kubernetes allows escalation unless allowPrivilegeEscalation is false; privileged or CAP_SYS_ADMIN always allow it. Windows pods (spec.os.name or a nodeSelector for windows) are not assessed: the field is Linux-only.",
        Remediation: "Set securityContext.allowPrivilegeEscalation: false on every container, and do not run privileged or add SYS_ADMIN.",
        References: [References.PodSecurityStandards + " (restricted: Privilege Escalation)", "CIS EKS Benchmark 4.2.5", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        // Windows pods cannot set this Linux-only field (the API rejects it when spec.os.name is windows).
        foreach (var w in inventory.Workloads.Where(w => !w.Spec.IsWindows))
        {
            foreach (var c in w.Spec.Containers.Where(EffectiveSecurity.AllowsPrivilegeEscalation))
            {
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "securityContext.allowPrivilegeEscalation",
                    $"allows privilege escalation: {EffectiveSecurity.EscalationReason(c)}");
            }
        }
    }
}
