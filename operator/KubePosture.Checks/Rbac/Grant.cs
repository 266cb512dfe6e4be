using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Rbac;

/// <summary>A role with its effective rules: for aggregated ClusterRoles, the union of the rules of every ClusterRole its aggregationRule selects.</summary>
/// <param name="Role">The Role or ClusterRole.</param>
/// <param name="Rules">Effective rules.</param>
/// <param name="AggregatedFrom">Names of the ClusterRoles whose rules were aggregated in (empty when not aggregated).</param>
public sealed record ResolvedRole(RoleRecord Role, IReadOnlyList<PolicyRuleRecord> Rules, IReadOnlyList<string> AggregatedFrom)
{
    public ResourceRef Ref => new("rbac.authorization.k8s.io/v1", Role.Kind, Role.Namespace, Role.Name);

    public override string ToString() => Role.Namespace is null ? $"{Role.Kind} {Role.Name}" : $"{Role.Kind} {Role.Namespace}/{Role.Name}";
}

/// <summary>
/// One subject holding one role through one binding. <see cref="Namespace"/> is where the grant applies: null for a
/// ClusterRoleBinding (every namespace and cluster-scoped resources), the binding's namespace for a RoleBinding
/// (also when it references a ClusterRole).
/// </summary>
public sealed record Grant(SubjectRecord Subject, BindingRecord Binding, ResolvedRole Role, string? Namespace)
{
    public ResourceRef BindingRef => new("rbac.authorization.k8s.io/v1", Binding.Kind, Binding.Namespace, Binding.Name);

    /// <summary>Whether the grant covers a request in <paramref name="requestNamespace"/> (null: cluster-wide).</summary>
    public bool Covers(string? requestNamespace) => Namespace is null || Namespace == requestNamespace;

    /// <summary>"User alice via ClusterRoleBinding ops (cluster-wide)".</summary>
    public override string ToString()
    {
        var binding = Binding.Namespace is null ? $"{Binding.Kind} {Binding.Name}" : $"{Binding.Kind} {Binding.Namespace}/{Binding.Name}";
        var scope = Namespace is null ? "cluster-wide" : $"in namespace {Namespace}";
        return $"{Subject} via {binding} ({scope})";
    }
}

/// <summary>A grant and the rule in it that allows a queried permission.</summary>
public sealed record PermissionMatch(Grant Grant, PolicyRuleRecord Rule);
