using System.Collections.Concurrent;
using System.Net;
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

    /// <summary>
    /// The index of the first egress rule of <paramref name="policy"/> that lets its pods reach
    /// <paramref name="address"/>:<paramref name="port"/> over TCP (<see cref="NetworkPolicySelection.EgressRuleAllows"/>),
    /// or -1 when none does. Decided once per policy: the IMDS checks ask for every workload the policy selects, and
    /// reading a rule's ports and CIDRs allocates.
    /// </summary>
    public int FirstEgressRuleAllowing(NetworkPolicyRecord policy, IPAddress address, int port) =>
        _egressAllowing.GetOrAdd((policy, address, port), static key =>
        {
            for (var i = 0; i < key.Policy.Egress.Count; i++)
            {
                if (NetworkPolicySelection.EgressRuleAllows(key.Policy.Egress[i], key.Address, key.Port))
                    return i;
            }

            return -1;
        });

    private readonly ConcurrentDictionary<(NetworkPolicyRecord Policy, IPAddress Address, int Port), int> _egressAllowing = new(EgressQuestion.Comparer);

    /// <summary>Same policy object (records compare deeply; the index holds each policy once), address and port.</summary>
    private sealed class EgressQuestion : IEqualityComparer<(NetworkPolicyRecord Policy, IPAddress Address, int Port)>
    {
        public static readonly EgressQuestion Comparer = new();

        public bool Equals((NetworkPolicyRecord Policy, IPAddress Address, int Port) x, (NetworkPolicyRecord Policy, IPAddress Address, int Port) y) =>
            ReferenceEquals(x.Policy, y.Policy) && x.Address.Equals(y.Address) && x.Port == y.Port;

        public int GetHashCode((NetworkPolicyRecord Policy, IPAddress Address, int Port) key) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(key.Policy), key.Address, key.Port);
    }

    /// <summary>Policies selecting the workload's pods (see <see cref="NetworkPolicySelection.Selecting"/>).</summary>
    public IEnumerable<NetworkPolicyRecord> Selecting(WorkloadRecord workload) =>
        NetworkPolicySelection.Selecting(_byNamespace[workload.Namespace], workload);
}
