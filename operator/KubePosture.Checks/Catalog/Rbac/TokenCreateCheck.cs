using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class TokenCreateCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.token-create",
        Title: "Role can mint service account tokens",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.High,
        Description: "create on serviceaccounts/token issues a token for any service account in scope, so the subject can act as the most privileged of them.",
        Remediation: "Remove create on serviceaccounts/token from the rule, or limit it with rules[].resourceNames to the service accounts concerned.",
        References: [References.KubernetesRbacGoodPractices, References.EksIdentity],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        return RbacFindings.ForRules(Descriptor, inventory,
            [new("create", "", "serviceaccounts", "token")],
            "create service account tokens (create serviceaccounts/token)");
    }
}
