using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Semantics;

public class GuardDutyWorkloadsTests
{
    private static GuardDutyFinding Naming(string ns, string name, string? type) =>
        new("f-1", "Execution:Runtime/NewBinaryExecuted", 8.0, "New binary executed", "demo", ns, name, type, null, 1);

    private static string? Found(ClusterInventory inventory, string ns, string name, string? type) =>
        GuardDutyWorkloads.Find(inventory, Naming(ns, name, type)) is { } w ? $"{w.Ref.Kind} {w.Namespace}/{w.Ref.Name}" : null;

    [Fact]
    public void A_finding_names_a_workload_of_its_own_namespace_only_and_a_pod_its_longest_prefixed_workload()
    {
        var inventory = Cluster(
        [
            Workload(ns: "other", name: "api"),
            Workload(ns: "shop", name: "api"),
            Workload(ns: "shop", name: "api-7d9f8b6c5"),
            Workload(ns: "shop", name: "web", kind: "StatefulSet"),
        ]);

        Assert.Equal("Deployment shop/api", Found(inventory, "shop", "api", "deployments"));
        Assert.Equal("Deployment other/api", Found(inventory, "other", "api", "Deployment"));
        Assert.Equal("Deployment shop/api-7d9f8b6c5", Found(inventory, "shop", "api-7d9f8b6c5-xk2p9", "pods"));
        Assert.Equal("Deployment other/api", Found(inventory, "other", "api-5f6d-abcde", "Pod"));
        Assert.Null(Found(inventory, "shop", "web", "Deployment"));
        Assert.Equal("StatefulSet shop/web", Found(inventory, "shop", "web", null));
        Assert.Null(Found(inventory, "billing", "api", "Deployment"));
    }
}
