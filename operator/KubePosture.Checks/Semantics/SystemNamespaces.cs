using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>Namespaces Kubernetes creates for itself; namespace-level hygiene checks skip them unless the scan includes them.</summary>
public static class SystemNamespaces
{
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal) { "kube-system", "kube-public", "kube-node-lease" };

    public static bool IsSystem(string @namespace) => Names.Contains(@namespace);

    /// <summary>In scope for a namespace-hygiene check: in the scan's namespaces, and not a system namespace unless included.</summary>
    public static bool Assessed(InventoryScope scope, string @namespace) =>
        scope.Namespaces.Contains(@namespace) && (scope.IncludesSystemNamespaces || !IsSystem(@namespace));
}
