using System.Runtime.CompilerServices;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Rbac;

/// <summary>
/// The effective-permissions index of an inventory: every role with its effective rules (aggregated ClusterRoles
/// resolved from their aggregationRule selectors over ClusterRole labels, transitively), and every grant
/// (subject, binding, role, where it applies). A RoleBinding to a ClusterRole grants that ClusterRole's rules only in
/// the binding's namespace. Bindings whose role is missing grant nothing. Answers "who can get secrets in
/// kube-system" with the subjects and the bindings that grant it (<see cref="WhoCan"/>).
/// </summary>
public sealed class RbacIndex
{
    private static readonly ConditionalWeakTable<ClusterInventory, RbacIndex> Cache = [];

    private readonly Dictionary<ResolvedRole, List<Grant>> _grantsByRole = new(ReferenceEqualityComparer.Instance);

    private RbacIndex(IReadOnlyList<ResolvedRole> roles, IReadOnlyList<Grant> grants, IReadOnlyList<BindingRecord> unresolved)
    {
        Roles = roles;
        Grants = grants;
        UnresolvedBindings = unresolved;
        foreach (var role in roles)
            _grantsByRole[role] = [];
        foreach (var grant in grants)
            _grantsByRole[grant.Role].Add(grant);
    }

    /// <summary>Every Role and ClusterRole of the inventory with its effective rules.</summary>
    public IReadOnlyList<ResolvedRole> Roles { get; }

    /// <summary>One entry per (binding, subject) whose role exists.</summary>
    public IReadOnlyList<Grant> Grants { get; }

    /// <summary>Bindings whose role is not in the inventory: what they grant is unknown (the role may be missing, or not part of the input).</summary>
    public IReadOnlyList<BindingRecord> UnresolvedBindings { get; }

    /// <summary>The index of an inventory, built once per inventory and shared by the checks of a scan.</summary>
    public static RbacIndex For(ClusterInventory inventory) => Cache.GetValue(inventory, Build);

    public static RbacIndex Build(ClusterInventory inventory)
    {
        var clusterRoles = inventory.Roles.Where(r => r.Namespace is null).ToList();
        var resolved = new Dictionary<RoleRecord, ResolvedRole>(ReferenceEqualityComparer.Instance);
        foreach (var role in inventory.Roles)
            resolved[role] = Resolve(role, clusterRoles);

        var clusterRoleByName = new Dictionary<string, ResolvedRole>(StringComparer.Ordinal);
        var roleByKey = new Dictionary<(string, string), ResolvedRole>();
        foreach (var (record, role) in resolved)
        {
            if (record.Namespace is null)
                clusterRoleByName[record.Name] = role;
            else
                roleByKey[(record.Namespace, record.Name)] = role;
        }

        var grants = new List<Grant>();
        var unresolved = new List<BindingRecord>();
        foreach (var binding in inventory.Bindings)
        {
            ResolvedRole? role = binding.RoleRefKind switch
            {
                "ClusterRole" => clusterRoleByName.GetValueOrDefault(binding.RoleRefName),
                "Role" when binding.Namespace is not null => roleByKey.GetValueOrDefault((binding.Namespace, binding.RoleRefName)),
                _ => null,
            };
            if (role is null)
            {
                unresolved.Add(binding);
                continue;
            }

            foreach (var subject in binding.Subjects)
            {
                // A ServiceAccount subject without a namespace in a RoleBinding means the binding's namespace.
                var s = subject.Kind == "ServiceAccount" && subject.Namespace is null && binding.Namespace is not null
                    ? subject with { Namespace = binding.Namespace }
                    : subject;
                grants.Add(new Grant(s, binding, role, binding.Namespace));
            }
        }

        return new RbacIndex([.. resolved.Values], grants, unresolved);
    }

    /// <summary>Grants that make <paramref name="role"/> effective for someone.</summary>
    public IReadOnlyList<Grant> GrantsOf(ResolvedRole role) => _grantsByRole.TryGetValue(role, out var list) ? list : [];

    /// <summary>Grants held by a subject (service accounts by namespace and name; users and groups by name).</summary>
    public IEnumerable<Grant> GrantsTo(SubjectRecord subject) =>
        Grants.Where(g => g.Subject.Kind == subject.Kind && g.Subject.Name == subject.Name
            && (subject.Kind != "ServiceAccount" || g.Subject.Namespace == subject.Namespace));

    /// <summary>
    /// Who holds the permission: every (grant, rule) where the grant applies to the query's namespace (cluster-wide
    /// grants always; RoleBinding grants only in their namespace; a null query namespace asks for cluster-wide grants)
    /// and the rule allows the request.
    /// </summary>
    public IReadOnlyList<PermissionMatch> WhoCan(PermissionQuery query)
    {
        var result = new List<PermissionMatch>();
        foreach (var grant in Grants)
        {
            if (!grant.Covers(query.Namespace))
                continue;
            // A namespaced Role's rules apply only in its own namespace.
            if (grant.Role.Role.Namespace is not null && grant.Role.Role.Namespace != query.Namespace)
                continue;
            var rule = grant.Role.Rules.FirstOrDefault(r => RuleMatcher.Allows(r, query));
            if (rule is not null)
                result.Add(new PermissionMatch(grant, rule));
        }

        return result;
    }

    private static ResolvedRole Resolve(RoleRecord role, IReadOnlyList<RoleRecord> clusterRoles)
    {
        if (role.Namespace is not null || role.AggregationSelectors is null)
            return new ResolvedRole(role, role.Rules, []);

        var rules = new List<PolicyRuleRecord>(role.Rules);
        var from = new List<string>();
        var visited = new HashSet<RoleRecord>(ReferenceEqualityComparer.Instance) { role };
        var pending = new Queue<RoleRecord>([role]);
        while (pending.Count > 0)
        {
            var current = pending.Dequeue();
            if (current.AggregationSelectors is null)
                continue;
            foreach (var candidate in clusterRoles)
            {
                if (visited.Contains(candidate))
                    continue;
                if (!current.AggregationSelectors.Any(s => s.Matches(candidate.Labels)))
                    continue;
                visited.Add(candidate);
                from.Add(candidate.Name);
                foreach (var rule in candidate.Rules.Where(r => !rules.Contains(r)))
                    rules.Add(rule);
                pending.Enqueue(candidate);
            }
        }

        return new ResolvedRole(role, rules, from);
    }
}
