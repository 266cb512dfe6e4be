using System.Reflection;
using k8s;
using k8s.Models;
using KubePosture.Benchmarks.Scale;
using KubePosture.Checks.Inventory;
using KubePosture.Inventory;

namespace KubePosture.Benchmarks.Micro;

/// <summary>The benchmark cluster's objects fed through KubernetesClient models into an <see cref="InventoryStore"/>, as the operator's informers do.</summary>
public static class BenchInventory
{
    private static readonly MethodInfo Deserialize = typeof(KubernetesJson).GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.IsGenericMethod && m.GetParameters() is [{ ParameterType: var p }, _] && p == typeof(string));

    public static InventoryStore Store(int pods)
    {
        var store = new InventoryStore();
        var kinds = InventoryStore.SupportedKinds.ToDictionary(k => (k.Group.Length == 0 ? k.Version : $"{k.Group}/{k.Version}", k.Kind));
        foreach (var obj in BenchCluster.Generate(new BenchClusterShape(pods)))
        {
            var key = (obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>());
            if (!kinds.TryGetValue(key, out var kind))
            {
                continue;
            }

            var model = (IKubernetesObject<V1ObjectMeta>)Deserialize.MakeGenericMethod(kind.ClrType).Invoke(null, [obj.ToJsonString(), null])!;
            if (InventoryStore.Accepts(model))
            {
                store.Upsert(model);
            }
        }

        return store;
    }

    /// <summary>A cluster-wide snapshot, as a scan in the control namespace takes.</summary>
    public static ClusterInventory Snapshot(InventoryStore store)
    {
        var namespaces = store.ListNamespaces().Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        return store.Snapshot(new InventoryScope(namespaces, ClusterScoped: true, Aws: false, IncludesSystemNamespaces: true),
            new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), CheckSettings.Default, "v1.32.0");
    }

    /// <summary>A new instance with the same records (per-inventory caches such as the RBAC index start empty).</summary>
    public static ClusterInventory Fresh(ClusterInventory i) => new()
    {
        ScanTime = i.ScanTime,
        Scope = i.Scope,
        ControlPlaneVersion = i.ControlPlaneVersion,
        Namespaces = i.Namespaces,
        Workloads = i.Workloads,
        ServiceAccounts = i.ServiceAccounts,
        Roles = i.Roles,
        Bindings = i.Bindings,
        NetworkPolicies = i.NetworkPolicies,
        Services = i.Services,
        Nodes = i.Nodes,
        AwsAuth = i.AwsAuth,
        UnavailableSources = i.UnavailableSources,
        Settings = i.Settings,
    };
}
