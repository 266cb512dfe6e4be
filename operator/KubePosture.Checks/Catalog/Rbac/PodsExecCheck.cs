using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class PodsExecCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.pods-exec",
        Title: "Role can exec or attach into pods",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.High,
        Description: "create (or get, over websockets) on pods/exec or pods/attach runs commands inside any pod in scope, with that pod's service account and secrets.",
        Remediation: "Remove pods/exec and pods/attach from rules[].resources, or grant them only through a break-glass role.",
        References: [References.KubernetesRbacGoodPractices, References.EksIdentity],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        return RbacFindings.ForRules(Descriptor, inventory,
            [new("create", "", "pods", "exec"), new("get", "", "pods", "exec"), new("create", "", "pods", "attach"), new("get", "", "pods", "attach")],
            "exec or attach into pods (create/get pods/exec, pods/attach)");
    }
}
