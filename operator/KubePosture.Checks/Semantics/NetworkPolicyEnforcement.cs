using System.Text.RegularExpressions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// Whether anything enforces NetworkPolicies: on EKS the VPC CNI does only when its network policy agent is enabled
/// (managed add-on configurationValues enableNetworkPolicy: "true"); otherwise an enforcing CNI must run (a DaemonSet
/// of Calico, Cilium, Antrea or kube-router, known by its name or image). Unknown (null) when neither can be seen:
/// a self-managed aws-node's agent flag (--enable-network-policy, a container argument) is not in the inventory.
/// </summary>
public static partial class NetworkPolicyEnforcement
{
    public sealed record Decision(bool? Enforced, string Reason);

    private static readonly (string Name, string Image)[] EnforcingCnis =
    [
        ("calico-node", "calico/node"), ("cilium", "cilium/cilium"), ("antrea-agent", "antrea/antrea"), ("kube-router", "kube-router"),
    ];

    [GeneratedRegex("""["']?enableNetworkPolicy["']?\s*[:=]\s*["']?true["']?""", RegexOptions.IgnoreCase)]
    private static partial Regex EnableNetworkPolicy();

    public static Decision Decide(ClusterInventory inventory)
    {
        foreach (var ds in inventory.Workloads.Where(w => w.Ref.Kind == "DaemonSet"))
        {
            foreach (var (name, image) in EnforcingCnis)
            {
                if (ds.Ref.Name == name || ds.Spec.Containers.Any(c => c.Image.Contains(image, StringComparison.Ordinal)))
                    return new Decision(true, $"DaemonSet {ds.Namespace}/{ds.Ref.Name} ({name.Split('-')[0]}) enforces NetworkPolicies");
            }
        }

        var vpcCni = inventory.Aws?.Addons.FirstOrDefault(a => a.Name == "vpc-cni");
        if (vpcCni is not null)
        {
            return vpcCni.ConfigurationValues is { } config && EnableNetworkPolicy().IsMatch(config)
                ? new Decision(true, $"the vpc-cni add-on {vpcCni.Version} enables its network policy agent (enableNetworkPolicy)")
                : new Decision(false, $"the vpc-cni add-on {vpcCni.Version} does not enable its network policy agent (configurationValues has no enableNetworkPolicy: \"true\") and no enforcing CNI (Calico, Cilium, Antrea, kube-router) runs");
        }

        return inventory.Aws is null
            ? new Decision(null, "no enforcing CNI DaemonSet runs and the vpc-cni add-on configuration was not read (AWS access is off for this scan)")
            : new Decision(null, "no enforcing CNI DaemonSet runs and the VPC CNI is not a managed add-on; a self-managed aws-node's --enable-network-policy argument is not read");
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
            yield return f with { Message = $"{f.Message} (and NetworkPolicies are not enforced: see netpol.not-enforced)", Details = details };
        }
    }
}
