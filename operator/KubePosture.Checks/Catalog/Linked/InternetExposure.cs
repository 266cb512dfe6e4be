using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Linked;

/// <summary>Which workloads the internet reaches, for the linked findings (one decision, shared).</summary>
internal static class InternetExposure
{
    public sealed record Exposure(string Name, string Description);

    /// <summary>Workloads behind an internet-facing, unrestricted Service, with the Services (same rules as svc.internet-exposed at Medium).</summary>
    public static Dictionary<WorkloadRecord, List<Exposure>> ExposingServices(ClusterInventory inventory)
    {
        var result = new Dictionary<WorkloadRecord, List<Exposure>>(ReferenceEqualityComparer.Instance);
        var byNamespace = inventory.Workloads.ToLookup(w => w.Namespace, StringComparer.Ordinal);
        foreach (var svc in inventory.Services)
        {
            if (svc.Selector.Count == 0) continue;
            string description;
            if (svc.Type == "LoadBalancer")
            {
                if (!LoadBalancerExposure.IsInternetFacing(svc, out _)) continue;
                var open = svc.LoadBalancerSourceRanges.Count == 0 || svc.LoadBalancerSourceRanges.Any(r => r is "0.0.0.0/0" or "::/0");
                if (!open) continue;
                description = $"internet-facing LoadBalancer Service {svc.Namespace}/{svc.Name}";
            }
            else if (svc.Type == "NodePort")
            {
                description = $"NodePort Service {svc.Namespace}/{svc.Name}";
            }
            else
            {
                continue;
            }
            var selector = new LabelSelector(svc.Selector, []);
            foreach (var w in byNamespace[svc.Namespace].Where(w => selector.Matches(w.PodLabels)))
            {
                if (!result.TryGetValue(w, out var list)) result[w] = list = [];
                list.Add(new Exposure(svc.Name, description));
            }
        }
        return result;
    }
}
