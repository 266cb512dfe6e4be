using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class UnsafeSysctlsCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.unsafe-sysctls",
        Title: "Pod sets unsafe sysctls",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "Sysctls outside the Pod Security Standards safe set are not namespaced or not isolated and can affect every pod on the node. The safe set is the one of the policy version the namespace enforces (it grew in v1.27, v1.29, v1.32 and v1.37).",
        Remediation: "Remove the sysctl from spec.securityContext.sysctls; only the baseline safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, ...) is allowed.",
        References: [References.PodSecurityStandards + " (baseline: Sysctls)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            var unsafeNames = WorkloadPodSecurity.Violations(inventory, w, "sysctls")
                .Select(v => v.Value)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (unsafeNames.Count == 0)
                continue;
            yield return WorkloadFindings.ForPod(inventory, Descriptor, w, "securityContext.sysctls",
                $"sets sysctls outside the safe set: {string.Join(", ", unsafeNames)}",
                new Dictionary<string, string> { ["sysctls"] = string.Join(",", unsafeNames) });
        }
    }
}
