using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity.Controls;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class DangerousCapabilitiesCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.capabilities-dangerous",
        Title: "Container adds dangerous capabilities",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "Capabilities such as SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE, SYS_MODULE, SETPCAP or ALL give a container power over the node, its network or other processes. Any capability outside the runtime's default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT), which the Pod Security Standards baseline forbids adding, is reported too. Names are read as the runtime does (CAP_ prefix and case ignored).",
        Remediation: "Remove the capability from securityContext.capabilities.add; drop ALL and add back only NET_BIND_SERVICE if needed.",
        References: [References.PodSecurityStandards + " (baseline: Capabilities)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers)
            {
                var added = c.SecurityContext.CapabilitiesAdd.Distinct(StringComparer.Ordinal).ToList();
                var dangerous = added.Where(cap => Capabilities.Dangerous.Contains(Capabilities.Normalize(cap))).ToList();
                var beyondBaseline = added
                    .Where(cap => !dangerous.Contains(cap) && !CapabilitiesBaselineControl.Allowed.Contains(Capabilities.Normalize(cap)))
                    .ToList();
                if (dangerous.Count == 0 && beyondBaseline.Count == 0)
                    continue;
                var parts = new List<string>();
                if (dangerous.Count > 0)
                    parts.Add($"adds dangerous capabilities {string.Join(", ", dangerous)}");
                if (beyondBaseline.Count > 0)
                    parts.Add($"adds {string.Join(", ", beyondBaseline)}, outside the Pod Security Standards baseline default set");
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "securityContext.capabilities.add",
                    $"{string.Join("; ", parts)} (securityContext.capabilities.add)",
                    new Dictionary<string, string> { ["capabilities"] = string.Join(",", dangerous.Concat(beyondBaseline)) });
            }
        }
    }
}
