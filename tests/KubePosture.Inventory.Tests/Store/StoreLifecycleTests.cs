using k8s;
using k8s.Models;
using KubePosture.Checks.Inventory;
using static KubePosture.Inventory.Tests.Objects;
using static KubePosture.Inventory.Tests.Store.WorkloadFoldingTests;

namespace KubePosture.Inventory.Tests.Store;

public class StoreLifecycleTests
{
    private static readonly SourceProblem Forbidden = SourceProblem.Forbidden("the operator's RBAC does not allow list/watch");

    private static V1ClusterRoleBinding AdminBinding() => Yaml<V1ClusterRoleBinding>(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: admins}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: User, name: alice}]\n");

    [Fact]
    public void Version_bumps_on_every_change_and_not_on_ignored_input()
    {
        var store = new InventoryStore();
        var versions = new List<long> { store.Version };

        store.Upsert(Namespace("a"));
        versions.Add(store.Version);
        store.MarkUnavailable(InventorySource.Nodes, Forbidden);
        versions.Add(store.Version);
        store.MarkUnavailable(InventorySource.Nodes, Forbidden);
        Assert.Equal(versions[^1], store.Version);
        store.MarkAvailable(InventorySource.Nodes);
        versions.Add(store.Version);
        store.Delete(Namespace("a"));
        versions.Add(store.Version);
        store.Delete(Namespace("a"));
        Assert.Equal(versions[^1], store.Version);

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
    }

    [Fact]
    public void Replace_all_replaces_a_source_and_marks_it_available()
    {
        var store = new InventoryStore();
        store.Upsert(Namespace("old"));
        store.MarkUnavailable(InventorySource.Namespaces, Forbidden);

        store.ReplaceAll(InventorySource.Namespaces, [Namespace("a"), Namespace("b")]);

        var inventory = Snap(store, ClusterScope("a", "b", "old"));
        Assert.Equal(["a", "b"], inventory.Namespaces.Select(n => n.Name));
        Assert.Empty(inventory.UnavailableSources);
    }

    [Fact]
    public void A_paged_replacement_is_invisible_until_committed_then_replaces_the_source_whole()
    {
        var store = new InventoryStore();
        store.Upsert(Namespace("old"));

        var replacement = store.BeginReplace(InventorySource.Namespaces);
        replacement.AddRange([Namespace("a")]);
        replacement.AddRange([Namespace("b")]);
        Assert.Equal(["old"], Snap(store, ClusterScope("a", "b", "old")).Namespaces.Select(n => n.Name));

        replacement.Commit();
        Assert.Equal(["a", "b"], Snap(store, ClusterScope("a", "b", "old")).Namespaces.Select(n => n.Name));
        Assert.Throws<ArgumentException>(() => store.BeginReplace(InventorySource.Namespaces).AddRange([Deployment("a", "web")]));
    }

    [Fact]
    public void Replace_all_rejects_objects_of_another_source_and_unknown_sources()
    {
        var store = new InventoryStore();

        var wrongKind = Assert.Throws<ArgumentException>(() => store.ReplaceAll(InventorySource.Namespaces, [Deployment("a", "web")]));
        var unknown = Assert.Throws<ArgumentException>(() => store.ReplaceAll("secrets", []));

        Assert.Contains("deployments.apps", wrongKind.Message);
        Assert.Contains("\"secrets\": not an inventory source", unknown.Message);
    }

    [Fact]
    public void Delete_removes_a_workload_and_its_replicaset_stands_alone_once_orphaned()
    {
        var store = new InventoryStore();
        store.Upsert(Deployment("a", "web"));
        store.Upsert(ReplicaSet("a", "web-1", "web"));
        store.Upsert(OwnedPod("a", "web-1-x", "ReplicaSet", "apps/v1", "web-1", "rs-uid", "n", "id"));
        store.Delete(Deployment("a", "web"));

        // The ReplicaSet still names its deleted owner, and the garbage collector is about to delete it: it keeps no
        // template of its own (its Deployment's was assessed), so it is not reported as a workload of its own.
        Assert.Empty(Snap(store, ClusterScope("a")).Workloads);

        // Deleted with --cascade=orphan: the garbage collector removes the ownerReference and the ReplicaSet, now with
        // its template, is the workload its pods fold into.
        var orphaned = ReplicaSet("a", "web-1", "web");
        orphaned.Metadata.OwnerReferences = null;
        orphaned.Metadata.ResourceVersion = "2";
        store.Upsert(orphaned);
        var workload = Assert.Single(Snap(store, ClusterScope("a")).Workloads);
        Assert.Equal(("ReplicaSet", 1), (workload.Ref.Kind, workload.PodCount));
        Assert.Equal("nginx:1.27", Assert.Single(workload.Spec.Containers).Image);
    }

    [Fact]
    public void A_tenant_scope_sees_only_its_namespaces_and_no_cluster_scoped_objects()
    {
        var store = new InventoryStore();
        store.Upsert(Namespace("team-a"));
        store.Upsert(Namespace("team-b"));
        store.Upsert(Deployment("team-a", "web"));
        store.Upsert(Deployment("team-b", "web"));
        store.Upsert(AdminBinding());
        store.Upsert(Yaml<V1Node>("apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n"));
        store.MarkUnavailable(InventorySource.Pods, Forbidden);

        var inventory = Snap(store, new InventoryScope(new HashSet<string> { "team-a" }, ClusterScoped: false, Aws: false, IncludesSystemNamespaces: false));

        Assert.Equal("team-a", Assert.Single(inventory.Workloads).Namespace);
        Assert.Equal("team-a", Assert.Single(inventory.Namespaces).Name);
        Assert.Empty(inventory.Bindings);
        Assert.Empty(inventory.Nodes);
        Assert.Equal(
            [InventorySource.ClusterRoleBindings, InventorySource.ClusterRoles, InventorySource.ConfigMapAwsAuth, InventorySource.IngressClasses, InventorySource.Nodes, InventorySource.PersistentVolumes,
                InventorySource.Pods, InventorySource.StorageClasses],
            inventory.UnavailableSources.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Forbidden, inventory.UnavailableSources[InventorySource.Pods]);
        Assert.Equal(SourceProblem.OutOfTenantScope, inventory.UnavailableSources[InventorySource.Nodes]);
        Assert.False(inventory.UnavailableSources[InventorySource.Nodes].Degrades);
    }

    [Fact]
    public void List_namespaces_includes_namespaces_only_named_by_objects()
    {
        var store = new InventoryStore();
        store.Upsert(Namespace("a", "{team: x}"));
        store.Upsert(Deployment("b", "web"));
        store.Upsert(AdminBinding());

        var namespaces = store.ListNamespaces();

        Assert.Equal(["a", "b"], namespaces.Select(n => n.Name));
        Assert.Equal("x", namespaces[0].Labels["team"]);
    }

    [Fact]
    public void Supported_kinds_cover_every_inventory_source_with_the_model_type()
    {
        var kinds = InventoryStore.SupportedKinds;

        Assert.Equal(22, kinds.Count);
        Assert.All(kinds, k => Assert.Equal(k.ApiVersion, (string)k.ClrType.GetField("KubeApiVersion")!.GetValue(null)! is var v && ((string)k.ClrType.GetField("KubeGroup")!.GetValue(null)!) is { Length: > 0 } g ? $"{g}/{v}" : v));
        Assert.All(kinds, k => Assert.Equal(k.Kind, k.ClrType.GetField("KubeKind")!.GetValue(null)));
        Assert.All(kinds, k => Assert.Equal(k.Plural, k.ClrType.GetField("KubePluralName")!.GetValue(null)));
        Assert.Equal(["pods", "deployments.apps", "statefulsets.apps"], kinds.Where(k => k.ClrType == typeof(V1Pod) || k.Kind is "Deployment" or "StatefulSet").Select(k => k.Source));
    }

    [Fact]
    public async Task Concurrent_upserts_and_snapshots_do_not_corrupt_the_store()
    {
        var store = new InventoryStore();
        store.Upsert(Deployment("a", "web"));
        store.Upsert(ReplicaSet("a", "web-1", "web"));
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
                store.Upsert(OwnedPod("a", $"p{i}", "ReplicaSet", "apps/v1", "web-1", "rs-uid", $"n{i % 7}", "id"));
        }, TestContext.Current.CancellationToken);
        for (var snapshots = 0; !writer.IsCompleted && snapshots < 100; snapshots++)
            Assert.InRange(Assert.Single(Snap(store, ClusterScope("a")).Workloads).PodCount, 0, 2000);
        await writer;

        var workload = Assert.Single(Snap(store, ClusterScope("a")).Workloads);
        Assert.Equal(2000, workload.PodCount);
        Assert.Equal(7, workload.NodeNames.Count);
    }

    [Fact]
    public void Objects_listed_without_kind_get_the_canonical_kind_and_api_version()
    {
        var store = new InventoryStore();
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "bare", NamespaceProperty = "a" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "i" }] } };

        store.Upsert(pod);

        var workload = Assert.Single(Snap(store, ClusterScope("a")).Workloads);
        Assert.Equal(new Checks.Model.ResourceRef("v1", "Pod", "a", "bare"), workload.Ref);
        Assert.IsType<IKubernetesObject<V1ObjectMeta>>(pod, exactMatch: false);
    }
}
