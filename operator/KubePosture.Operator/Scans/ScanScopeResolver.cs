using KubePosture.Api;
using KubePosture.Checks.Inventory;

namespace KubePosture.Operator.Scans;

/// <summary>
/// The tenancy rule as an <see cref="InventoryScope"/>: a scan in the control namespace covers the namespaces its
/// globs and selector pick, cluster-scoped objects (unless turned off) and AWS (when enabled); a scan anywhere else
/// covers only its own namespace, whatever it asked for (the request beyond that is reported as ScopeRestricted).
/// </summary>
public static class ScanScopeResolver
{
    private static readonly HashSet<string> SystemNamespaces = ["kube-system", "kube-public", "kube-node-lease"];

    public static InventoryScope Resolve(PostureScanSpec spec, string scanNamespace, string controlNamespace, IReadOnlyList<NamespaceRecord> namespaces)
    {
        if (scanNamespace != controlNamespace)
        {
            return new InventoryScope(new HashSet<string> { scanNamespace }, ClusterScoped: false, Aws: false, IncludesSystemNamespaces: SystemNamespaces.Contains(scanNamespace));
        }

        var include = spec.Scope?.IncludeNamespaces ?? [];
        var exclude = spec.Scope?.ExcludeNamespaces ?? [];
        var selector = ToSelector(spec.Scope?.NamespaceSelector);
        var selected = namespaces
            .Where(n => include.Count == 0 || include.Any(g => Glob.IsMatch(g, n.Name)))
            .Where(n => !exclude.Any(g => Glob.IsMatch(g, n.Name)))
            .Where(n => selector.Matches(n.Labels))
            .Select(n => n.Name)
            .ToHashSet();
        var includesSystem = include.Any(g => SystemNamespaces.Any(s => Glob.IsMatch(g, s)));
        return new InventoryScope(selected, ClusterScoped: spec.Scope?.ClusterResources ?? true, Aws: spec.Aws?.Enabled ?? false, includesSystem);
    }

    private static LabelSelector ToSelector(LabelSelectorSpec? spec) =>
        spec is null
            ? LabelSelector.Everything
            : new LabelSelector(
                spec.MatchLabels ?? [],
                [.. (spec.MatchExpressions ?? []).Select(e => new LabelRequirement(e.Key, e.Operator, e.Values ?? []))]);
}
