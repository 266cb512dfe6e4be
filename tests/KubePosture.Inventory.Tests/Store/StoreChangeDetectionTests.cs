using k8s.Models;
using KubePosture.Checks.Inventory;
using static KubePosture.Inventory.Tests.Objects;

namespace KubePosture.Inventory.Tests.Store;

/// <summary>
/// Version and <see cref="InventoryStore.Changed"/> move only for real changes: an object at the resourceVersion already
/// stored (a watch restart, a relist after 410) is no change, so it cannot start a change-triggered rescan.
/// </summary>
public class StoreChangeDetectionTests
{
    private static V1Namespace At(string name, string resourceVersion, string labels = "{}")
    {
        var ns = Namespace(name, labels);
        ns.Metadata.ResourceVersion = resourceVersion;
        return ns;
    }

    [Fact]
    public void The_same_resource_version_again_is_no_change_and_a_new_one_is()
    {
        var store = new InventoryStore();
        var changes = 0;
        store.Changed += () => changes++;

        store.Upsert(At("a", "10"));
        var afterAdd = store.Version;
        store.Upsert(At("a", "10", "{team: x}")); // same resourceVersion: the server says it is the same object
        Assert.Equal(afterAdd, store.Version);
        Assert.Equal(1, changes);

        store.Upsert(At("a", "11", "{team: x}"));
        Assert.True(store.Version > afterAdd);
        Assert.Equal(2, changes);
        Assert.Equal("x", store.ListNamespaces().Single().Labels["team"]);
    }

    [Fact]
    public void A_relist_of_unchanged_objects_is_no_change_and_one_with_a_difference_is()
    {
        var store = new InventoryStore();
        var changes = 0;
        store.Changed += () => changes++;
        store.ReplaceAll(InventorySource.Namespaces, [At("a", "1"), At("b", "2")]);
        Assert.Equal(1, changes);
        var synced = store.Version;

        store.ReplaceAll(InventorySource.Namespaces, [At("b", "2"), At("a", "1")]);
        Assert.Equal(synced, store.Version);
        Assert.Equal(1, changes);

        store.ReplaceAll(InventorySource.Namespaces, [At("a", "1"), At("b", "3")]);
        Assert.True(store.Version > synced);
        store.ReplaceAll(InventorySource.Namespaces, [At("a", "1")]);
        Assert.Equal(3, changes);
        Assert.Equal(["a"], store.ListNamespaces().Select(n => n.Name));
    }

    [Fact]
    public void Objects_without_a_resource_version_are_always_taken()
    {
        // Manifests (the offline scan) carry no resourceVersion: the later document wins.
        var store = new InventoryStore();
        store.Upsert(Namespace("a"));
        var before = store.Version;
        store.Upsert(Namespace("a", "{team: y}"));
        Assert.True(store.Version > before);
        Assert.Equal("y", store.ListNamespaces().Single().Labels["team"]);
    }

    [Fact]
    public void Deleting_forgets_the_resource_version_so_a_recreated_object_counts()
    {
        var store = new InventoryStore();
        store.Upsert(At("a", "5"));
        store.Delete(At("a", "5"));
        var deleted = store.Version;
        store.Upsert(At("a", "5"));
        Assert.True(store.Version > deleted);
        Assert.Single(store.ListNamespaces());
    }

    private static T WithVersion<T>(T obj, string resourceVersion) where T : k8s.IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata.ResourceVersion = resourceVersion;
        return obj;
    }

    private static V1Node Node(string resourceVersion, string ready, string heartbeat, string labels = "{zone: a, pool: general}") => WithVersion(Yaml<V1Node>($$"""
        apiVersion: v1
        kind: Node
        metadata: {name: ip-10-0-0-1.ec2.internal, labels: {{labels}} }
        spec: {providerID: "aws:///us-east-1a/i-0123456789abcdef0"}
        status:
          conditions: [{type: Ready, status: "{{ready}}", lastHeartbeatTime: "{{heartbeat}}"}]
          addresses: [{type: InternalIP, address: 10.0.0.1}]
          nodeInfo: {kubeletVersion: v1.31.4-eks-1, osImage: Amazon Linux 2023, containerRuntimeVersion: "containerd://1.7", kernelVersion: "6.1", kubeProxyVersion: v1.31.4, operatingSystem: linux, architecture: amd64, bootID: b, machineID: m, systemUUID: s}
        """), resourceVersion);

    [Fact]
    public void A_new_resource_version_that_changes_nothing_mapped_is_no_change()
    {
        var store = new InventoryStore();
        var changes = 0;
        store.Changed += () => changes++;
        store.Upsert(WithVersion(Deployment("shop", "web"), "1"));
        store.Upsert(WithVersion(OwnedPod("shop", "web-1", "ReplicaSet", "apps/v1", "web-7d9f", "rs-uid", "node-1", "sha256:1"), "2"));
        store.Upsert(Node("3", "True", "2026-01-01T00:00:00Z"));
        var synced = store.Version;

        // A readiness flip and a restart of the pod, a node heartbeat with its labels in another order, a Deployment's
        // replica counts: the objects move, their records do not.
        var pod = OwnedPod("shop", "web-1", "ReplicaSet", "apps/v1", "web-7d9f", "rs-uid", "node-1", "sha256:1");
        pod.Status.ContainerStatuses[0].Ready = false;
        pod.Status.ContainerStatuses[0].RestartCount = 3;
        store.Upsert(WithVersion(pod, "4"));
        store.Upsert(Node("5", "True", "2026-01-01T00:05:00Z", "{pool: general, zone: a}"));
        var deployment = Deployment("shop", "web");
        deployment.Status = new V1DeploymentStatus { Replicas = 3, ReadyReplicas = 2 };
        store.Upsert(WithVersion(deployment, "6"));

        Assert.Equal(synced, store.Version);
        Assert.Equal(3, changes);
    }

    [Fact]
    public void A_new_resource_version_that_changes_a_mapped_field_is_a_change()
    {
        var store = new InventoryStore();
        store.Upsert(WithVersion(ReplicaSet("shop", "web-7d9f", "web"), "0"));
        store.Upsert(WithVersion(OwnedPod("shop", "web-1", "ReplicaSet", "apps/v1", "web-7d9f", "rs-uid", "node-1", "sha256:1"), "1"));
        store.Upsert(Node("2", "True", "2026-01-01T00:00:00Z"));
        store.Upsert(WithVersion(Deployment("shop", "web"), "3"));

        var before = store.Version;
        store.Upsert(WithVersion(OwnedPod("shop", "web-1", "ReplicaSet", "apps/v1", "web-7d9f", "rs-uid", "node-1", "sha256:2"), "4"));
        Assert.True(store.Version > before, "a new image id is a change");

        before = store.Version;
        store.Upsert(Node("5", "False", "2026-01-01T00:05:00Z"));
        Assert.True(store.Version > before, "a node that stops being Ready is a change");

        before = store.Version;
        var deployment = Deployment("shop", "web");
        deployment.Spec.Template.Spec.HostPID = true;
        store.Upsert(WithVersion(deployment, "6"));
        Assert.True(store.Version > before, "a pod template change is a change");

        var workload = Assert.Single(WorkloadFoldingTests.Snap(store, WorkloadFoldingTests.ClusterScope("shop")).Workloads);
        Assert.True(workload.Spec.HostPid);
        Assert.Equal("sha256:2", Assert.Single(workload.Running).ImageId);
    }

    [Fact]
    public void An_unchanged_record_takes_the_new_resource_version()
    {
        // After a status-only update, the watch's next event at that resourceVersion (a restart) is skipped as well,
        // and a change after it is seen.
        var store = new InventoryStore();
        store.Upsert(Node("1", "True", "2026-01-01T00:00:00Z"));
        store.Upsert(Node("2", "True", "2026-01-01T00:05:00Z"));
        var before = store.Version;

        store.Upsert(Node("2", "False", "2026-01-01T00:05:00Z"));
        Assert.Equal(before, store.Version);

        store.Upsert(Node("3", "False", "2026-01-01T00:06:00Z"));
        Assert.True(store.Version > before);
    }
}
