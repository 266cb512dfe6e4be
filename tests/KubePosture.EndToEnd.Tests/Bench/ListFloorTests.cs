using k8s;
using KubePosture.Benchmarks.Scale;
using KubePosture.EndToEnd.Tests.Support;
using KubePosture.Inventory;

namespace KubePosture.EndToEnd.Tests.Bench;

/// <summary>
/// `make bench` compares scans against a LIST of every kind the inventory reads (ListFloor). make test does not run the
/// bench, so a kind added to the inventory without a floor entry would only fail there: this runs the floor here.
/// </summary>
public sealed class ListFloorTests
{
    [Fact]
    public async Task The_bench_floor_lists_every_kind_the_inventory_reads()
    {
        await using var cluster = await TestCluster.StartAsync("""
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: { name: gp3 }
            provisioner: ebs.csi.aws.com
            ---
            apiVersion: v1
            kind: PersistentVolume
            metadata: { name: pv-1 }
            spec:
              capacity: { storage: 1Gi }
              accessModes: [ReadWriteOnce]
              csi: { driver: ebs.csi.aws.com, volumeHandle: vol-0a1b2c3d4e5f60001 }
            ---
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: { name: alb }
            spec: { controller: ingress.k8s.aws/alb }
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: { name: web, namespace: default }
            spec:
              ingressClassName: alb
              defaultBackend: { service: { name: web, port: { number: 80 } } }
            """);

        var floor = await ListFloor.MeasureAsync(cluster.Admin, () => 0, TestContext.Current.CancellationToken);

        Assert.True(floor.Requests >= InventoryStore.SupportedKinds.Count, $"{floor.Requests} requests for {InventoryStore.SupportedKinds.Count} kinds");
        var pods = (await cluster.Admin.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: TestContext.Current.CancellationToken)).Items.Count;
        Assert.True(floor.Objects > pods + 2, $"{floor.Objects} objects listed");
    }
}
