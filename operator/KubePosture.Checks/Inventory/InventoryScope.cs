namespace KubePosture.Checks.Inventory;

/// <summary>
/// What the inventory covers. A tenant scan covers its own namespace and no cluster-scoped objects
/// (tenancy rule); cluster-scoped checks then do not run rather than pass.
/// </summary>
/// <param name="Namespaces">Namespaces in scope (after include/exclude globs and selector).</param>
/// <param name="ClusterScoped">Cluster-scoped objects (nodes, ClusterRoles, bindings) are in the inventory.</param>
/// <param name="Aws">AWS-side data may be read for this scan.</param>
/// <param name="IncludesSystemNamespaces">The scan explicitly includes kube-system, kube-public, kube-node-lease.</param>
public sealed record InventoryScope(IReadOnlySet<string> Namespaces, bool ClusterScoped, bool Aws, bool IncludesSystemNamespaces)
{
    public bool InScope(string? @namespace) => @namespace is null ? ClusterScoped : Namespaces.Contains(@namespace);
}
