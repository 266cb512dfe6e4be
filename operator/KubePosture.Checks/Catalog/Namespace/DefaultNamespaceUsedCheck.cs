using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Namespace;

public sealed class DefaultNamespaceUsedCheck : ICheck
{
    private const string Default = "default";

    public CheckDescriptor Descriptor { get; } = new(
        Id: "namespace.default-used",
        Title: "Workload or Service in the default namespace",
        Category: CheckCategory.Namespace,
        DefaultSeverity: Severity.Low,
        Description: "Objects in the default namespace share it with everything deployed without a namespace: RBAC granted there, NetworkPolicies and quotas cannot be scoped to one application, and mistakes land next to them. The kubernetes Service the API server maintains there is not reported.",
        Remediation: "Move the workload and its Service, ConfigMaps and service account into a namespace of its own (metadata.namespace), with its own RBAC and NetworkPolicies.",
        References: ["CIS EKS Benchmark 4.5.2", "Kubernetes Namespaces: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"],
        Sources: [InventorySource.Services, .. InventorySource.Workloads]);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads.Where(w => w.Ref.Namespace == Default))
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, w.Ref, $"{w.Ref.Kind} {w.Ref.Name} runs in the default namespace");
        foreach (var s in inventory.Services.Where(s => s.Namespace == Default && s.Name != "kubernetes"))
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, new ResourceRef("v1", "Service", s.Namespace, s.Name), $"Service {s.Name} is in the default namespace");
    }
}
