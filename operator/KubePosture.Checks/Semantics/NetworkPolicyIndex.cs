using System.Runtime.CompilerServices;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// An inventory's NetworkPolicies grouped by namespace, built once per inventory, so that finding the policies that
/// select a workload looks only at its own namespace.
/// </summary>
public sealed class NetworkPolicyIndex
{
    private static readonly ConditionalWeakTable<ClusterInventory, NetworkPolicyIndex> Cache = [];

    private readonly ILookup<string, NetworkPolicyRecord> _byNamespace;

    private NetworkPolicyIndex(IEnumerable<NetworkPolicyRecord> policies) =>
        _byNamespace = policies.ToLookup(p => p.Namespace, StringComparer.Ordinal);

    public static NetworkPolicyIndex For(ClusterInventory inventory) =>
        Cache.GetValue(inventory, inv => new NetworkPolicyIndex(inv.NetworkPolicies));

    public IEnumerable<NetworkPolicyRecord> InNamespace(string @namespace) => _byNamespace[@namespace];

    /// <summary>Policies selecting the workload's pods (see <see cref="NetworkPolicySelection.Selecting"/>).</summary>
    public IEnumerable<NetworkPolicyRecord> Selecting(WorkloadRecord workload) =>
        NetworkPolicySelection.Selecting(_byNamespace[workload.Namespace], workload);
}
