using System.Runtime.CompilerServices;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// ServiceAccounts by namespace and name, built once per inventory's list: checks look one up per workload, and a
/// linear search is workloads x ServiceAccounts (20,000 x 2,000 at 50,000 pods).
/// </summary>
public static class ServiceAccountIndex
{
    private static readonly ConditionalWeakTable<IReadOnlyList<ServiceAccountRecord>, Dictionary<(string, string), ServiceAccountRecord>> Indexes = [];

    /// <summary>The ServiceAccount <paramref name="name"/> in <paramref name="namespace"/> (the first listed), or null.</summary>
    public static ServiceAccountRecord? Find(ClusterInventory inventory, string @namespace, string name) =>
        Indexes.GetValue(inventory.ServiceAccounts, static accounts =>
        {
            var index = new Dictionary<(string, string), ServiceAccountRecord>(accounts.Count);
            foreach (var account in accounts)
                index.TryAdd((account.Namespace, account.Name), account);
            return index;
        }).GetValueOrDefault((@namespace, name));
}
