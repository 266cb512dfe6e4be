using k8s.Models;
using KubePosture.Checks.Inventory;
using static KubePosture.Inventory.Tests.Objects;

namespace KubePosture.Inventory.Tests.Store;

/// <summary>The store's memory budget: 50,000 pods must fit in a few hundred MiB with everything else.</summary>
public class StoreMemoryTests(ITestOutputHelper output)
{
    private static V1Pod Pod(int deployment, int replica) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = $"app-{deployment}-5d9c7f-{replica:x5}",
            NamespaceProperty = $"team-{deployment % 50}",
            Uid = Guid.NewGuid().ToString(),
            Labels = new Dictionary<string, string> { ["app"] = $"app-{deployment}", ["pod-template-hash"] = "5d9c7f" },
            Annotations = new Dictionary<string, string> { ["kubectl.kubernetes.io/restartedAt"] = "2026-11-01T00:00:00Z" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = $"app-{deployment}-5d9c7f", Uid = $"rs-{deployment}", Controller = true }],
        },
        Spec = new V1PodSpec
        {
            NodeName = $"ip-10-0-{replica % 250}-{deployment % 200}.eu-west-1.compute.internal",
            Containers =
            [
                new V1Container { Name = "app", Image = $"111122223333.dkr.ecr.eu-west-1.amazonaws.com/app-{deployment}:1.2.3", Env = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = "2" }] },
                new V1Container { Name = "envoy", Image = "public.ecr.aws/envoy:v1.30" },
            ],
        },
        Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = $"10.1.{replica % 250}.{deployment % 250}",
            ContainerStatuses =
            [
                new V1ContainerStatus { Name = "app", Image = $"111122223333.dkr.ecr.eu-west-1.amazonaws.com/app-{deployment}:1.2.3", ImageID = $"111122223333.dkr.ecr.eu-west-1.amazonaws.com/app-{deployment}@sha256:{deployment:x64}", Ready = true },
                new V1ContainerStatus { Name = "envoy", Image = "public.ecr.aws/envoy:v1.30", ImageID = "public.ecr.aws/envoy@sha256:" + new string('e', 64), Ready = true },
            ],
        },
    };

    [Fact]
    public void Fifty_thousand_owned_pods_stay_within_the_memory_budget()
    {
        var store = new InventoryStore();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var d = 0; d < 500; d++)
        {
            store.Upsert(Deployment($"team-{d % 50}", $"app-{d}", uid: $"dep-{d}"));
            store.Upsert(ReplicaSet($"team-{d % 50}", $"app-{d}-5d9c7f", $"app-{d}", ownerUid: $"dep-{d}", uid: $"rs-{d}"));
            for (var r = 0; r < 100; r++)
                store.Upsert(Pod(d, r));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perPod = (after - before) / 50_000.0;
        output.WriteLine($"store with 50,000 pods, 500 deployments: {(after - before) / 1024.0 / 1024.0:F1} MiB ({perPod:F0} bytes per pod)");

        var namespaces = Enumerable.Range(0, 50).Select(i => $"team-{i}").ToHashSet();
        var start = TimeProvider.System.GetTimestamp();
        var inventory = store.Snapshot(new InventoryScope(namespaces, true, false, false), DateTimeOffset.UnixEpoch, CheckSettings.Default, null);
        output.WriteLine($"snapshot: {TimeProvider.System.GetElapsedTime(start).TotalMilliseconds:F0} ms");

        Assert.Equal(500, inventory.Workloads.Count);
        Assert.All(inventory.Workloads, w => Assert.Equal(100, w.PodCount));
        Assert.True(perPod < 1024, $"{perPod:F0} bytes per pod; budget 1 KiB (50 MiB for 50,000 pods)");
        GC.KeepAlive(store);
    }
}
