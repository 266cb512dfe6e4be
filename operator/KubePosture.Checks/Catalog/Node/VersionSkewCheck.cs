using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

public sealed class VersionSkewCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.version-skew",
        Title: "Kubelet version outside the supported skew",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.Medium,
        Description: "The kubelet may be up to three minor versions older than the API server (two before 1.28) and never newer. Outside that skew, behaviour is untested and upgrades of the control plane are blocked.",
        Remediation: "Upgrade (or replace) the node group so that its kubelet minor version is within the supported skew of the control plane.",
        References: [References.KubernetesVersionSkew, References.EksVersions],
        Sources: [InventorySource.Nodes],
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (KubernetesVersion.TryParse(inventory.ControlPlaneVersion, out var plane) is false)
            yield break;
        var allowed = plane.Minor >= 28 ? 3 : 2;
        foreach (var node in inventory.Nodes)
        {
            if (!KubernetesVersion.TryParse(node.KubeletVersion, out var kubelet))
                continue;
            var skew = plane.Minor - kubelet.Minor;
            if (kubelet.Major == plane.Major && skew >= 0 && skew <= allowed)
                continue;
            var why = skew < 0 || kubelet.Major != plane.Major
                ? "is newer than the control plane, which is never supported"
                : $"is {skew} minor versions behind the control plane (at most {allowed} supported)";
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, new ResourceRef("v1", "Node", null, node.Name),
                $"Node {node.Name}: kubelet {node.KubeletVersion} {why} ({inventory.ControlPlaneVersion})",
                new Dictionary<string, string>
                {
                    ["kubeletVersion"] = node.KubeletVersion,
                    ["controlPlaneVersion"] = inventory.ControlPlaneVersion ?? "",
                    ["skew"] = skew.ToString(),
                    ["allowedSkew"] = allowed.ToString(),
                });
        }
    }
}
