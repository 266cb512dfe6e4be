using k8s.Models;
using KubePosture.Checks.Inventory;

namespace KubePosture.Inventory.Mapping;

/// <summary>Roles, ClusterRoles and their bindings to <see cref="RoleRecord"/> and <see cref="BindingRecord"/>.</summary>
internal static class RbacMapper
{
    public static RoleRecord Map(V1Role role, StringPool pool) => new(
        "Role",
        pool.Intern(WorkloadMapper.NamespaceOf(role.Metadata)),
        role.Metadata?.Name ?? "",
        pool.Map(role.Metadata?.Labels),
        MapRules(role.Rules, pool),
        null);

    public static RoleRecord Map(V1ClusterRole role, StringPool pool) => new(
        "ClusterRole",
        null,
        pool.Intern(role.Metadata?.Name ?? ""),
        pool.Map(role.Metadata?.Labels),
        MapRules(role.Rules, pool),
        role.AggregationRule is { } aggregation
            ? (aggregation.ClusterRoleSelectors ?? []).Select(s => SelectorMapper.Map(s, pool, LabelSelector.Nothing)!).ToArray()
            : null);

    public static BindingRecord Map(V1RoleBinding binding, StringPool pool) => new(
        "RoleBinding",
        pool.Intern(WorkloadMapper.NamespaceOf(binding.Metadata)),
        binding.Metadata?.Name ?? "",
        pool.Intern(binding.RoleRef?.Kind ?? ""),
        pool.Intern(binding.RoleRef?.Name ?? ""),
        MapSubjects(binding.Subjects, pool));

    public static BindingRecord Map(V1ClusterRoleBinding binding, StringPool pool) => new(
        "ClusterRoleBinding",
        null,
        binding.Metadata?.Name ?? "",
        pool.Intern(binding.RoleRef?.Kind ?? ""),
        pool.Intern(binding.RoleRef?.Name ?? ""),
        MapSubjects(binding.Subjects, pool));

    private static IReadOnlyList<PolicyRuleRecord> MapRules(IList<V1PolicyRule>? rules, StringPool pool)
        => rules is { Count: > 0 }
            ? rules.Select(r => new PolicyRuleRecord(
                pool.List(r.Verbs),
                pool.List(r.ApiGroups),
                pool.List(r.Resources),
                pool.List(r.ResourceNames),
                pool.List(r.NonResourceURLs))).ToArray()
            : [];

    private static IReadOnlyList<SubjectRecord> MapSubjects(IList<Rbacv1Subject>? subjects, StringPool pool)
        => subjects is { Count: > 0 }
            ? subjects.Select(s => new SubjectRecord(
                pool.Intern(s.Kind ?? ""),
                pool.Intern(s.Name ?? ""),
                pool.InternOrNull(string.IsNullOrEmpty(s.NamespaceProperty) ? null : s.NamespaceProperty))).ToArray()
            : [];
}
