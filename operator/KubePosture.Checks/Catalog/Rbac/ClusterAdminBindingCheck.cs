using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Rbac;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class ClusterAdminBindingCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.cluster-admin-binding",
        Title: "cluster-admin granted to a non-system subject",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.Critical,
        Description: "cluster-admin (or any role whose rule is * verbs on * resources in * apiGroups) gives unrestricted control. Through a ClusterRoleBinding it covers the whole cluster (Critical); through a RoleBinding every object of the namespace including its secrets (High). Built-in system subjects such as system:masters are not findings.",
        Remediation: "Delete the binding or bind a narrower role; keep cluster-admin for break-glass access through EKS access entries with an audited process.",
        References: ["CIS EKS Benchmark 4.1.1", References.KubernetesRbacGoodPractices, References.EksIdentity],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        var index = RbacIndex.For(inventory);
        foreach (var binding in index.Grants.GroupBy(g => g.Binding, ReferenceEqualityComparer.Instance))
        {
            var grants = binding.Where(g => !SystemSubjects.IsBuiltInGrant(g)).ToList();
            if (grants.Count == 0)
                continue;
            var role = grants[0].Role;
            var fullAccess = role.Rules.FirstOrDefault(r => r.Verbs.Contains("*") && r.Resources.Contains("*") && r.ApiGroups.Contains("*"));
            var isClusterAdmin = role.Role.Namespace is null && role.Role.Name == "cluster-admin";
            if (!isClusterAdmin && fullAccess is null)
                continue;
            var first = grants[0];
            var clusterWide = first.Namespace is null;
            var what = isClusterAdmin ? "cluster-admin" : $"{role}, which allows * on * in every API group,";
            var scope = clusterWide ? "across the cluster" : $"over every object in namespace {first.Namespace}";
            yield return new Finding(Descriptor.Id, clusterWide ? Severity.Critical : Severity.High, first.BindingRef,
                $"{RbacFindings.Describe(first)} grants {what} to {RbacFindings.Subjects(grants)} {scope}",
                RbacFindings.Details(role, fullAccess is null ? [] : [fullAccess], grants));
        }
    }
}
