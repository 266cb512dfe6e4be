using k8s;
using k8s.Models;
using KubePosture.Checks.Inventory;
using static KubePosture.Inventory.Tests.Store.WorkloadFoldingTests;

namespace KubePosture.Inventory.Tests.Store;

/// <summary>
/// Issue 15 point 7, for any mapped object: an object the inventory cannot map is reported (its source unavailable,
/// naming it) and never leaves its previous record standing in for it.
/// </summary>
public class StoreUnreadableObjectTests
{
    public static TheoryData<string, string> Probes => new()
    {
        { "role-null-rule", InventorySource.Roles },
        { "binding-null-subject", InventorySource.RoleBindings },
        { "pod-null-container", InventorySource.Pods },
        { "netpol-null-rule", InventorySource.NetworkPolicies },
    };

    private static IKubernetesObject<V1ObjectMeta> Probe(string name) => name switch
    {
        "role-null-rule" => new V1Role { Metadata = new() { Name = "r", NamespaceProperty = "a", ResourceVersion = "2" }, Rules = [null!] },
        "binding-null-subject" => new V1RoleBinding { Metadata = new() { Name = "b", NamespaceProperty = "a", ResourceVersion = "2" }, RoleRef = null!, Subjects = [null!] },
        "pod-null-container" => new V1Pod { Metadata = new() { Name = "p", NamespaceProperty = "a", ResourceVersion = "2" }, Spec = new V1PodSpec { Containers = [null!] } },
        _ => new V1NetworkPolicy { Metadata = new() { Name = "n", NamespaceProperty = "a", ResourceVersion = "2" }, Spec = new V1NetworkPolicySpec { Ingress = [null!] } },
    };

    [Theory]
    [MemberData(nameof(Probes))]
    public void An_object_that_cannot_be_mapped_is_reported_by_name_and_its_old_record_does_not_stand_in(string probe, string source)
    {
        var store = new InventoryStore();
        var unreadable = Probe(probe);
        var before = Probe(probe);
        store.Upsert(Good(before));
        Assert.Equal(1, store.Count(source));

        store.Upsert(unreadable);
        var inventory = Snap(store, ClusterScope("a"));

        Assert.Equal(0, store.Count(source));
        Assert.Contains($"a/{unreadable.Metadata.Name} could not be read", inventory.UnavailableSources[source].Message, StringComparison.Ordinal);
        Assert.Equal(SourceProblemKind.Unreadable, inventory.UnavailableSources[source].Kind);
        // Out of the scan's scope it is not reported.
        Assert.False(Snap(store, new InventoryScope(new HashSet<string> { "b" }, false, false, false)).UnavailableSources.TryGetValue(source, out var other) && other.Message.Contains("could not be read", StringComparison.Ordinal));

        // Readable again: the source is whole again.
        var fixedObject = Good(Probe(probe));
        fixedObject.Metadata.ResourceVersion = "3";
        store.Upsert(fixedObject);
        Assert.False(Snap(store, ClusterScope("a")).UnavailableSources.ContainsKey(source));
        Assert.Equal(1, store.Count(source));
    }

    [Fact]
    public void A_relist_with_an_unreadable_object_reports_it_and_keeps_the_others()
    {
        var store = new InventoryStore();
        var replace = store.BeginReplace(InventorySource.Roles);
        replace.AddRange([Probe("role-null-rule"), Good(new V1Role { Metadata = new() { Name = "fine", NamespaceProperty = "a", ResourceVersion = "1" } })]);
        replace.Commit();

        Assert.Equal(1, store.Count(InventorySource.Roles));
        Assert.Contains("Role a/r could not be read", Snap(store, ClusterScope("a")).UnavailableSources[InventorySource.Roles].Message, StringComparison.Ordinal);

        store.ReplaceAll(InventorySource.Roles, [Good(Probe("role-null-rule"))]);
        Assert.False(Snap(store, ClusterScope("a")).UnavailableSources.ContainsKey(InventorySource.Roles));
    }

    /// <summary>The same object with its impossible part made possible, at resourceVersion 1.</summary>
    private static IKubernetesObject<V1ObjectMeta> Good(IKubernetesObject<V1ObjectMeta> obj)
    {
        switch (obj)
        {
            case V1Role role:
                role.Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get"] }];
                break;
            case V1RoleBinding binding:
                binding.RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "r" };
                binding.Subjects = [new Rbacv1Subject { Kind = "User", Name = "alice" }];
                break;
            case V1Pod pod:
                pod.Spec.Containers = [new V1Container { Name = "main", Image = "x" }];
                break;
            case V1NetworkPolicy policy:
                policy.Spec.Ingress = [];
                break;
        }

        obj.Metadata.ResourceVersion = "1";
        return obj;
    }
}
