using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Pod;

public sealed class HostPathCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "pod.host-path",
        Title: "Pod mounts a hostPath volume",
        Category: CheckCategory.PodSecurity,
        DefaultSeverity: Severity.High,
        Description: "A hostPath volume exposes the node's filesystem, read-only or not. The container runtime sockets, /, /etc, /proc and /var/lib/kubelet (and directories containing them) hand over the node and are Critical.",
        Remediation: "Replace the hostPath volume (spec.volumes[].hostPath) with emptyDir, a ConfigMap, a Secret, a projected volume or a PersistentVolumeClaim; a node agent that truly needs it belongs in an exception with a reason.",
        References: [References.PodSecurityStandards + " (baseline: HostPath Volumes)", References.EksPodSecurity],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var v in w.Spec.Volumes.Where(v => v.Source == "hostPath"))
            {
                var path = v.HostPath ?? "";
                var critical = HostPaths.CriticalReason(path);
                var mounts = w.Spec.Containers
                    .SelectMany(c => c.VolumeMounts.Where(m => m.Name == v.Name)
                        .Select(m => $"{ContainerView.Describe(c)} at {m.MountPath}{(m.ReadOnly ? " (read-only)" : "")}"))
                    .ToList();
                var message = critical is null
                    ? $"mounts hostPath {path} as volume \"{v.Name}\""
                    : $"mounts hostPath {path} as volume \"{v.Name}\", exposing {critical}";
                if (mounts.Count > 0)
                    message += $"; mounted by {string.Join(", ", mounts)}";
                yield return WorkloadFindings.ForPod(inventory, Descriptor, w, $"volumes[name={v.Name}].hostPath", message,
                    new Dictionary<string, string>
                    {
                        ["volume"] = v.Name,
                        ["hostPath"] = path,
                        ["mounts"] = string.Join("; ", mounts),
                    },
                    critical is null ? Descriptor.DefaultSeverity : Severity.Critical);
            }
        }
    }
}
