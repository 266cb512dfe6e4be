using k8s.Models;
using KubePosture.Checks.Inventory;

namespace KubePosture.Inventory.Mapping;

/// <summary>
/// V1NetworkPolicy to <see cref="NetworkPolicyRecord"/> with the effective policy types the API server
/// defaults: when policyTypes is unset, Ingress always applies and Egress applies only when the policy has
/// at least one egress rule. An omitted podSelector is the empty selector (all pods in the namespace).
/// </summary>
internal static class NetworkPolicyMapper
{
    public static NetworkPolicyRecord Map(V1NetworkPolicy policy, StringPool pool)
    {
        var spec = policy.Spec;
        bool ingress, egress;
        if (spec?.PolicyTypes is { Count: > 0 } types)
        {
            ingress = types.Contains("Ingress");
            egress = types.Contains("Egress");
        }
        else
        {
            ingress = true;
            egress = spec?.Egress is { Count: > 0 };
        }

        return new NetworkPolicyRecord(
            pool.Intern(WorkloadMapper.NamespaceOf(policy.Metadata)),
            policy.Metadata?.Name ?? "",
            SelectorMapper.Map(spec?.PodSelector, pool, LabelSelector.Everything)!,
            ingress,
            egress,
            (spec?.Ingress ?? []).Select(r => MapRule(r.FromProperty, r.Ports, pool)).ToArray(),
            (spec?.Egress ?? []).Select(r => MapRule(r.To, r.Ports, pool)).ToArray());
    }

    private static NetworkPolicyRuleRecord MapRule(IList<V1NetworkPolicyPeer>? peers, IList<V1NetworkPolicyPort>? ports, StringPool pool)
        => new(
            (peers ?? []).Select(p => new NetworkPolicyPeerRecord(
                SelectorMapper.Map(p.PodSelector, pool, null),
                SelectorMapper.Map(p.NamespaceSelector, pool, null),
                p.IpBlock?.Cidr,
                p.IpBlock?.Except?.ToArray() ?? [])).ToArray(),
            (ports ?? []).Select(p => pool.Intern(FormatPort(p))).ToArray());

    /// <summary>"TCP/443", "UDP/53", "TCP/8000-9000", or "TCP" for every port of a protocol.</summary>
    public static string FormatPort(V1NetworkPolicyPort port)
    {
        var protocol = string.IsNullOrEmpty(port.Protocol) ? "TCP" : port.Protocol;
        if (port.Port is null)
            return protocol;
        return port.EndPort is { } end ? $"{protocol}/{port.Port.Value}-{end}" : $"{protocol}/{port.Port.Value}";
    }
}
