using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class SecretsReadCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.secrets-read",
        Title: "Role can read secrets",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.High,
        Description: "get, list or watch on secrets reveals every credential in scope, including service account tokens; list and watch return contents too. Rules limited by resourceNames grant only the named secrets and are not counted.",
        Remediation: "Remove get/list/watch on secrets from the rule, or limit it with rules[].resourceNames to the secrets the workload needs.",
        References: ["CIS EKS Benchmark 4.1.2", References.KubernetesRbacGoodPractices, References.EksIdentity],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        return RbacFindings.ForRules(Descriptor, inventory,
            [new("get", "", "secrets"), new("list", "", "secrets"), new("watch", "", "secrets")],
            "read secrets (get/list/watch secrets)");
    }
}
