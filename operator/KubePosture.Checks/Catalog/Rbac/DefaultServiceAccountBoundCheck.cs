using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Rbac;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class DefaultServiceAccountBoundCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.default-sa-bound",
        Title: "Default service account holds bindings",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.Medium,
        Description: "Every pod that names no service account runs as its namespace's default one, so a binding to it gives the permissions to all of them.",
        Remediation: "Bind the role to a dedicated ServiceAccount and set spec.serviceAccountName on the workloads that need it; remove the default service account from subjects.",
        References: ["CIS EKS Benchmark 4.1.5", References.EksIdentity],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        var index = RbacIndex.For(inventory);
        foreach (var binding in index.Grants.GroupBy(g => g.Binding, ReferenceEqualityComparer.Instance))
        {
            var grants = binding
                .Where(g => g.Subject.Kind == "ServiceAccount" && g.Subject.Name == "default" && !SystemSubjects.IsBuiltInGrant(g))
                .ToList();
            if (grants.Count == 0)
                continue;
            var first = grants[0];
            var scope = first.Namespace is null ? "cluster-wide" : $"in namespace {first.Namespace}";
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, first.BindingRef,
                $"{RbacFindings.Describe(first)} binds {first.Role} to {RbacFindings.Subjects(grants)} {scope}",
                RbacFindings.Details(first.Role, first.Role.Rules, grants));
        }
    }
}
