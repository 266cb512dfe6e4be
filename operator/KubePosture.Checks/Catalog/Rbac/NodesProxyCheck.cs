using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Rbac;

public sealed class NodesProxyCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "rbac.nodes-proxy",
        Title: "Role can use nodes/proxy",
        Category: CheckCategory.Rbac,
        DefaultSeverity: Severity.High,
        Description: "nodes/proxy reaches the kubelet API directly: with it a subject can run commands in any pod on the node, bypassing audit logging and admission.",
        Remediation: "Remove nodes/proxy from rules[].resources; monitoring agents should read metrics through nodes/metrics or the metrics API.",
        References: [References.KubernetesRbacGoodPractices],
        Sources: InventorySource.Rbac,
        ClusterScoped: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        return RbacFindings.ForRules(Descriptor, inventory,
            [new("get", "", "nodes", "proxy"), new("create", "", "nodes", "proxy"), new("list", "", "nodes", "proxy"),
             new("watch", "", "nodes", "proxy"), new("update", "", "nodes", "proxy"), new("patch", "", "nodes", "proxy"),
             new("delete", "", "nodes", "proxy")],
            "access the kubelet through nodes/proxy");
    }
}
