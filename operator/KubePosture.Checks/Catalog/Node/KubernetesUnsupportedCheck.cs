using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

public sealed class KubernetesUnsupportedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.k8s-unsupported",
        Title: "Kubernetes version out of standard support",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.High,
        Description: "A control plane or kubelet minor version past its EKS end of standard support no longer receives security patches unless paid extended support applies, and is auto-upgraded at the end of it. The support table is dated in code and compared with the scan time.",
        Remediation: "Upgrade the cluster (aws eks update-cluster-version) and then its node groups to a minor version in standard support.",
        References: [References.EksVersions, "AWS Security Hub EKS.2"],
        Sources: [InventorySource.Nodes],
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (KubernetesVersion.TryParse(inventory.ControlPlaneVersion, out var plane) && EksSupportCalendar.IsUnsupported(plane, inventory.ScanTime))
        {
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, ControlPlaneRef,
                $"Control plane {inventory.ControlPlaneVersion} is out of standard support{Ended(plane)}",
                Details(inventory.ControlPlaneVersion!, plane));
        }

        foreach (var node in inventory.Nodes)
        {
            if (!KubernetesVersion.TryParse(node.KubeletVersion, out var kubelet) || !EksSupportCalendar.IsUnsupported(kubelet, inventory.ScanTime))
                continue;
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, new ResourceRef("v1", "Node", null, node.Name),
                $"Node {node.Name}: kubelet {node.KubeletVersion} is out of standard support{Ended(kubelet)}",
                Details(node.KubeletVersion, kubelet));
        }
    }

    /// <summary>Findings about the control plane attach to this reference (it has no Kubernetes object).</summary>
    public static ResourceRef ControlPlaneRef { get; } = new("v1", "ControlPlane", null, "kubernetes");

    private static string Ended(KubernetesVersion version) =>
        EksSupportCalendar.StandardSupportEnd(version) is { } end && end != DateOnly.MinValue ? $" (standard support for {version} ended {end:yyyy-MM-dd})" : "";

    private static Dictionary<string, string> Details(string written, KubernetesVersion version) => new()
    {
        ["version"] = written,
        ["minor"] = version.ToString(),
        ["standardSupportEnd"] = EksSupportCalendar.StandardSupportEnd(version) is { } end && end != DateOnly.MinValue ? end.ToString("yyyy-MM-dd") : "before the table",
    };
}
