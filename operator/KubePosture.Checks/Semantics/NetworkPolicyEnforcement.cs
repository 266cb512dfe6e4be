using System.Text.RegularExpressions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// Whether anything enforces NetworkPolicies: on EKS the VPC CNI does only when its network policy agent is enabled
/// (managed add-on configurationValues enableNetworkPolicy: "true"); otherwise an enforcing CNI must run (a DaemonSet
/// of Calico, Cilium, Antrea, kube-router or Weave Net, known by its image). eks.cni-network-policy-off reports the
/// decision; the netpol.* findings say when their policies are not enforced. Unknown (null) when neither can be seen:
/// a self-managed aws-node's agent flag (--enable-network-policy, a container argument) is not in the inventory.
/// </summary>
public static partial class NetworkPolicyEnforcement
{
    public sealed record Decision(bool? Enforced, string Reason);

    /// <summary>Image repositories of DaemonSets that enforce NetworkPolicy whatever their configuration.</summary>
    private static readonly string[] EnforcingImages =
        ["calico/node", "cilium/cilium", "antrea/antrea-agent", "antrea-agent-ubuntu", "cloudnative/kube-router", "weaveworks/weave-npc"];

    /// <summary>enableNetworkPolicy set to true in the add-on's JSON or YAML configuration values (quoted or not).</summary>
    [GeneratedRegex(@"[""']?enableNetworkPolicy[""']?\s*:\s*[""']?true[""']?", RegexOptions.IgnoreCase)]
    private static partial Regex EnableNetworkPolicy();

    public static Decision Decide(ClusterInventory inventory)
    {
        foreach (var ds in inventory.Workloads.Where(w => w.Ref.Kind == "DaemonSet"))
        {
            if (ds.Spec.Containers.FirstOrDefault(c => EnforcingImages.Any(i => c.Image.Contains(i, StringComparison.Ordinal))) is { } container)
                return new Decision(true, $"DaemonSet {ds.Namespace}/{ds.Ref.Name} ({container.Image}) enforces NetworkPolicies");
        }

        var vpcCni = inventory.Aws?.Addons.FirstOrDefault(a => a.Name == "vpc-cni");
        if (vpcCni is not null)
        {
            return vpcCni.ConfigurationValues is { } config && EnableNetworkPolicy().IsMatch(config)
                ? new Decision(true, $"the vpc-cni add-on ({vpcCni.Version}) enables network policy (enableNetworkPolicy)")
                : new Decision(false, $"the vpc-cni add-on ({vpcCni.Version}) does not enable network policy (enableNetworkPolicy is not \"true\" in its configuration values) and no other CNI enforces NetworkPolicy");
        }

        return inventory.Aws is null
            ? new Decision(null, "no enforcing CNI DaemonSet runs and the vpc-cni add-on configuration was not read (AWS access is off for this scan)")
            : new Decision(null, "no vpc-cni add-on and no NetworkPolicy-enforcing CNI DaemonSet found: a self-managed aws-node's --enable-network-policy flag is not read");
    }

    /// <summary>Adds "NetworkPolicies are not enforced" to each finding when the decision says so; otherwise the findings as they are.</summary>
    public static IEnumerable<Finding> Annotate(ClusterInventory inventory, IEnumerable<Finding> findings)
    {
        Decision? decision = null;
        foreach (var f in findings)
        {
            decision ??= Decide(inventory);
            if (decision.Enforced != false)
            {
                yield return f;
                continue;
            }
            var details = f.Details is null ? new Dictionary<string, string>() : new Dictionary<string, string>(f.Details);
            details["enforced"] = "false";
            yield return f with { Message = $"{f.Message} (and NetworkPolicies are not enforced: see eks.cni-network-policy-off)", Details = details };
        }
    }
}
