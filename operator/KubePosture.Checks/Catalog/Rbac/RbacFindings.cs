using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Rbac;

namespace KubePosture.Checks.Catalog.Rbac;

/// <summary>
/// Shared shape of the rule-based RBAC findings. A custom Role or ClusterRole with a dangerous rule is a finding in
/// itself (attached to the role, listing who holds it through which bindings, or that nobody does yet). A built-in
/// role (cluster-admin, admin, edit, system:*) is reported only where a binding hands it to a non-system subject, and
/// then the finding attaches to that binding, which is what the user owns and fixes.
/// </summary>
internal static class RbacFindings
{
    private const int MaxListed = 20;

    /// <param name="descriptor">The check.</param>
    /// <param name="inventory">The scan's inventory.</param>
    /// <param name="queries">Permissions that make a rule dangerous; a rule matches when it allows any of them.</param>
    /// <param name="what">What the permission is, for messages ("read secrets").</param>
    /// <param name="counts">Which grants count (for example only cluster-wide ones); null: all.</param>
    /// <param name="requireHolder">Roles that are findings only when a counted, non-system grant holds them.</param>
    public static IEnumerable<Finding> ForRules(
        CheckDescriptor descriptor,
        ClusterInventory inventory,
        IReadOnlyList<PermissionQuery> queries,
        string what,
        Func<Grant, bool>? counts = null,
        Func<ResolvedRole, bool>? requireHolder = null) =>
        ForRules(descriptor, inventory, (role, rule) => AnyAllows(role, rule, queries), what, counts, requireHolder,
            grantsSomething: (grant, rules) => grant.Namespace is null
                || queries.Any(q => !ClusterScopedResources.Contains(q.Resource) && rules.Any(r => RuleMatcher.Allows(r, q))));

    /// <summary>
    /// Cluster-scoped resources among the dangerous permissions: a RoleBinding grants nothing on them, whatever its
    /// role says (cluster-admin through a RoleBinding cannot reach nodes/proxy or impersonate users).
    /// </summary>
    public static IReadOnlySet<string> ClusterScopedResources { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "nodes", "clusterroles", "clusterrolebindings", "users", "groups", "uids", "userextras", "namespaces",
        "persistentvolumes", "certificatesigningrequests", "validatingwebhookconfigurations", "mutatingwebhookconfigurations",
    };

    public static IEnumerable<Finding> ForRules(
        CheckDescriptor descriptor,
        ClusterInventory inventory,
        Func<ResolvedRole, PolicyRuleRecord, bool> dangerous,
        string what,
        Func<Grant, bool>? counts = null,
        Func<ResolvedRole, bool>? requireHolder = null,
        Func<Grant, IReadOnlyList<PolicyRuleRecord>, bool>? grantsSomething = null)
    {
        var index = RbacIndex.For(inventory);
        foreach (var role in index.Roles)
        {
            // Most roles grant nothing dangerous: no list unless a rule matches (thousands of roles, a dozen checks).
            List<PolicyRuleRecord>? matched = null;
            foreach (var rule in role.Rules)
            {
                if (dangerous(role, rule))
                    (matched ??= []).Add(rule);
            }

            if (matched is not { } rules)
                continue;
            var candidates = index.GrantsOf(role)
                .Where(g => !SystemSubjects.IsBuiltInGrant(g) && (counts is null || counts(g)))
                .ToList();
            var holders = grantsSomething is null ? candidates : candidates.Where(g => grantsSomething(g, rules)).ToList();
            var ineffective = candidates.Count - holders.Count;

            if (SystemSubjects.IsBuiltInRole(role.Role))
            {
                foreach (var binding in holders.GroupBy(g => g.Binding, ReferenceEqualityComparer.Instance))
                {
                    var grants = binding.ToList();
                    var b = grants[0];
                    yield return new Finding(descriptor.Id, descriptor.DefaultSeverity, b.BindingRef,
                        $"{Describe(b)} gives {Subjects(grants)} the built-in {role} which can {what} ({RuleMatcher.Describe(rules[0])})",
                        Details(role, rules, grants));
                }

                continue;
            }

            if (holders.Count == 0 && requireHolder?.Invoke(role) == true)
                continue;

            var heldBy = holders.Count == 0
                ? ineffective == 0
                    ? "not bound to any subject yet"
                    : $"bound only by {string.Join("; ", candidates.Except(holders).Take(MaxListed).Select(Describe).Distinct())}, which cannot grant these cluster-scoped permissions"
                : $"held by {string.Join("; ", holders.Take(MaxListed).Select(g => g.ToString()))}{More(holders.Count)}";
            yield return new Finding(descriptor.Id, descriptor.DefaultSeverity, role.Ref,
                $"{role} can {what} ({RuleMatcher.Describe(rules[0])}); {heldBy}",
                Details(role, rules, holders));
        }
    }

    private static bool AnyAllows(ResolvedRole role, PolicyRuleRecord rule, IReadOnlyList<PermissionQuery> queries)
    {
        for (var i = 0; i < queries.Count; i++)
        {
            if (RoleApplies(role, queries[i]) && RuleMatcher.Allows(rule, queries[i]))
                return true;
        }

        return false;
    }

    /// <summary>A namespaced Role grants only in its own namespace; a ClusterRole anywhere.</summary>
    public static bool RoleApplies(ResolvedRole role, PermissionQuery query) =>
        role.Role.Namespace is null || query.Namespace is null || role.Role.Namespace == query.Namespace;

    public static Dictionary<string, string> Details(ResolvedRole role, IReadOnlyList<PolicyRuleRecord> rules, IReadOnlyList<Grant> grants)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["role"] = role.ToString(),
            ["rules"] = string.Join("; ", rules.Take(MaxListed).Select(RuleMatcher.Describe)) + More(rules.Count),
            ["subjects"] = string.Join("; ", grants.Select(g => g.Subject.ToString()).Distinct().Take(MaxListed)) + More(grants.Count),
            ["bindings"] = string.Join("; ", grants.Select(g => Describe(g)).Distinct().Take(MaxListed)) + More(grants.Count),
        };
        if (role.AggregatedFrom.Count > 0)
            details["aggregatedFrom"] = string.Join(",", role.AggregatedFrom.Take(MaxListed)) + More(role.AggregatedFrom.Count);
        return details;
    }

    public static string Describe(Grant grant) => Describe(grant.Binding);

    /// <summary>"ClusterRoleBinding name" or "RoleBinding namespace/name".</summary>
    public static string Describe(BindingRecord binding) =>
        binding.Namespace is null ? $"ClusterRoleBinding {binding.Name}" : $"RoleBinding {binding.Namespace}/{binding.Name}";

    public static string Subjects(IEnumerable<Grant> grants) =>
        string.Join(", ", grants.Select(g => g.Subject.ToString()).Distinct().Take(MaxListed));

    private static string More(int count) => count > MaxListed ? $" (and {count - MaxListed} more)" : "";
}
