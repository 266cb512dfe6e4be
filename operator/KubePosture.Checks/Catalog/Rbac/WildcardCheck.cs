using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class WildcardCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.wildcard",
        Title: "Role uses wildcards",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.High,
        Description: "A * in verbs, resources or apiGroups grants every present and future verb, resource or API group (including CRDs added later), which is rarely intended.",
        Remediation: "Replace * in rules[].verbs, rules[].resources and rules[].apiGroups with the explicit verbs, resources and groups needed.",
        References: ["CIS EKS Benchmark 4.1.3", References.KubernetesRbacGoodPractices, References.EksIdentity],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        return RbacFindings.ForRules(Descriptor, inventory,
            (_, rule) => rule.Verbs.Contains("*") || rule.Resources.Contains("*") || rule.ApiGroups.Contains("*"),
            "use wildcards");
    }
}
