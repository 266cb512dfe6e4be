using System.Net;
using System.Net.Sockets;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// NetworkPolicy selection as the API defines it: a policy applies to pods in its own namespace whose labels its
/// podSelector matches (<c>podSelector: {}</c> selects all of them); a pod is isolated for ingress (egress) when at
/// least one policy selecting it has that policy type. Policies never apply to hostNetwork pods.
/// </summary>
public static class NetworkPolicySelection
{
    public static IEnumerable<NetworkPolicyRecord> Selecting(IEnumerable<NetworkPolicyRecord> policies, WorkloadRecord workload) =>
        policies.Where(p => p.Namespace == workload.Namespace && p.PodSelector.Matches(workload.PodLabels));

    public static bool IsolatedForIngress(IEnumerable<NetworkPolicyRecord> policies, WorkloadRecord workload) =>
        Selecting(policies, workload).Any(p => p.AffectsIngress);

    public static bool IsolatedForEgress(IEnumerable<NetworkPolicyRecord> policies, WorkloadRecord workload) =>
        Selecting(policies, workload).Any(p => p.AffectsEgress);

    /// <summary>
    /// A peer that admits every source: an empty peer (no selector, no ipBlock), namespaceSelector <c>{}</c> with no or
    /// an empty podSelector (every pod in every namespace), or an ipBlock of 0.0.0.0/0 or ::/0.
    /// </summary>
    public static bool IsAllPeers(NetworkPolicyPeerRecord peer)
    {
        if (peer.PodSelector is null && peer.NamespaceSelector is null && peer.IpBlockCidr is null)
            return true;
        if (peer.NamespaceSelector is { IsEmpty: true } && (peer.PodSelector is null || peer.PodSelector.IsEmpty))
            return true;
        return peer.IpBlockCidr is "0.0.0.0/0" or "::/0";
    }

    /// <summary>A rule allows every peer: its from/to list is empty, or one of its peers admits everything.</summary>
    public static bool AllowsAllPeers(NetworkPolicyRuleRecord rule) => rule.Peers.Count == 0 || rule.Peers.Any(IsAllPeers);

    /// <summary>Whether an ipBlock peer (cidr minus except) contains the address.</summary>
    public static bool IpBlockContains(NetworkPolicyPeerRecord peer, IPAddress address) =>
        peer.IpBlockCidr is not null
        && CidrContains(peer.IpBlockCidr, address)
        && !peer.IpBlockExcept.Any(e => CidrContains(e, address));

    /// <summary>Whether an egress rule lets traffic reach <paramref name="address"/> on TCP <paramref name="port"/>.</summary>
    public static bool EgressRuleAllows(NetworkPolicyRuleRecord rule, IPAddress address, int port)
    {
        if (!PortsAllow(rule.Ports, port))
            return false;
        if (rule.Peers.Count == 0)
            return true;
        return rule.Peers.Any(p => p.IpBlockCidr is not null && IpBlockContains(p, address));
    }

    /// <summary>
    /// Whether a rule's ports admit TCP <paramref name="port"/>. Empty means all ports. Entries are read leniently
    /// ("80", "TCP/80", "80/TCP", "TCP:80", "8000-8080"); a named port cannot be resolved here and counts as a match.
    /// </summary>
    public static bool PortsAllow(IReadOnlyList<string> ports, int port)
    {
        if (ports.Count == 0)
            return true;
        foreach (var entry in ports)
        {
            var parts = entry.Split(['/', ':', ' '], StringSplitOptions.RemoveEmptyEntries);
            var protocol = parts.FirstOrDefault(p => p.Equals("TCP", StringComparison.OrdinalIgnoreCase)
                || p.Equals("UDP", StringComparison.OrdinalIgnoreCase) || p.Equals("SCTP", StringComparison.OrdinalIgnoreCase));
            if (protocol is not null && !protocol.Equals("TCP", StringComparison.OrdinalIgnoreCase))
                continue;
            var portPart = parts.FirstOrDefault(p => p != protocol);
            if (portPart is null)
                return true;
            var range = portPart.Split('-');
            if (range.Length == 2 && int.TryParse(range[0], out var low) && int.TryParse(range[1], out var high))
            {
                if (port >= low && port <= high)
                    return true;
            }
            else if (int.TryParse(portPart, out var single))
            {
                if (single == port)
                    return true;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    public static bool CidrContains(string cidr, IPAddress address)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var ipText = slash >= 0 ? cidr[..slash] : cidr;
        if (!IPAddress.TryParse(ipText, out var network))
            return false;
        if (network.AddressFamily != address.AddressFamily)
            return false;
        var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(cidr[(slash + 1)..], out prefix) || prefix < 0 || prefix > bits))
            return false;

        var a = network.GetAddressBytes();
        var b = address.GetAddressBytes();
        for (var i = 0; i < a.Length && prefix > 0; i++, prefix -= 8)
        {
            var mask = prefix >= 8 ? 0xFF : (byte)(0xFF << (8 - prefix));
            if ((a[i] & mask) != (b[i] & mask))
                return false;
        }

        return true;
    }
}
