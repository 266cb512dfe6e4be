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
}
