using KubePosture.Checks.Inventory;
using KubePosture.Checks.Rbac;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Rbac;

public class RbacIndexTests
{
    private static RoleRecord Labelled(string name, IReadOnlyDictionary<string, string> labels, params PolicyRuleRecord[] rules) =>
        new("ClusterRole", null, name, labels, rules, null);

    private static RoleRecord Aggregated(string name, params LabelSelector[] selectors) =>
        new("ClusterRole", null, name, new Dictionary<string, string>(), [], selectors);

    [Fact]
    public void Who_can_get_secrets_in_kube_system_lists_subjects_and_bindings()
    {
        var inv = Cluster(
            roles: [ClusterRole("secret-reader", Rule(["get"], ["secrets"])), Role("kube-system", "local", Rule(["get", "list"], ["secrets"])), Role("team-a", "other", Rule(["get"], ["secrets"]))],
            bindings:
            [
                ClusterRoleBinding("global", "secret-reader", User("alice")),
                RoleBinding("kube-system", "ks", "ClusterRole", "secret-reader", Group("ops")),
                RoleBinding("team-a", "ta", "ClusterRole", "secret-reader", User("dev")),
                RoleBinding("kube-system", "local", "Role", "local", ServiceAccount("kube-system", "backup")),
                RoleBinding("team-a", "other", "Role", "other", User("tenant")),
            ]);
        var matches = RbacIndex.Build(inv).WhoCan(new PermissionQuery("get", "", "secrets", Namespace: "kube-system"));
        Assert.Equal(["Group ops", "ServiceAccount kube-system/backup", "User alice"], matches.Select(m => m.Grant.Subject.ToString()).Order());
        Assert.Equal(["global", "ks", "local"], matches.Select(m => m.Grant.Binding.Name).Order());
    }

    [Fact]
    public void A_null_namespace_query_asks_for_cluster_wide_grants_only()
    {
        var inv = Cluster(roles: [ClusterRole("r", Rule(["list"], ["nodes"]))],
            bindings: [ClusterRoleBinding("crb", "r", User("a")), RoleBinding("team-a", "rb", "ClusterRole", "r", User("b"))]);
        var matches = RbacIndex.Build(inv).WhoCan(new PermissionQuery("list", "", "nodes"));
        Assert.Equal("a", Assert.Single(matches).Grant.Subject.Name);
    }

    [Fact]
    public void Aggregation_is_resolved_from_labels_transitively_and_overrides_stale_rules()
    {
        var leaf = Labelled("leaf", new Dictionary<string, string> { ["agg/mid"] = "true" }, Rule(["create"], ["pods", "pods/exec"]));
        var mid = new RoleRecord("ClusterRole", null, "mid", new Dictionary<string, string> { ["agg/top"] = "true" }, [], [Selector(("agg/mid", "true"))]);
        var top = Aggregated("top", Selector(("agg/top", "true")));
        var unrelated = Labelled("unrelated", new Dictionary<string, string> { ["agg/top"] = "false" }, Rule(["*"], ["*"], ["*"]));
        var index = RbacIndex.Build(Cluster(roles: [leaf, mid, top, unrelated], bindings: [ClusterRoleBinding("b", "top", User("u"))]));

        var resolved = index.Roles.Single(r => r.Role.Name == "top");
        Assert.Equal(["leaf", "mid"], resolved.AggregatedFrom.Order());
        Assert.Single(index.WhoCan(new PermissionQuery("create", "", "pods", "exec", "team-a")));
        Assert.Empty(index.WhoCan(new PermissionQuery("delete", "", "pods", Namespace: "team-a")));
    }

    [Fact]
    public void Aggregation_with_expression_selectors_and_cycles_terminates()
    {
        var a = new RoleRecord("ClusterRole", null, "a", new Dictionary<string, string> { ["tier"] = "x" }, [Rule(["get"], ["pods"])],
            [new LabelSelector(new Dictionary<string, string>(), [new LabelRequirement("tier", "In", ["y"])])]);
        var b = new RoleRecord("ClusterRole", null, "b", new Dictionary<string, string> { ["tier"] = "y" }, [Rule(["list"], ["pods"])],
            [new LabelSelector(new Dictionary<string, string>(), [new LabelRequirement("tier", "In", ["x"])])]);
        var index = RbacIndex.Build(Cluster(roles: [a, b]));
        Assert.Equal(2, index.Roles.Single(r => r.Role.Name == "a").Rules.Count);
        Assert.Equal(2, index.Roles.Single(r => r.Role.Name == "b").Rules.Count);
    }

    [Theory]
    [InlineData("pods", null, "pods", true)]
    [InlineData("pods", "exec", "pods", false)]
    [InlineData("pods", "exec", "pods/exec", true)]
    [InlineData("pods", "exec", "*/exec", true)]
    [InlineData("pods", "exec", "*", true)]
    [InlineData("pods", null, "pods/exec", false)]
    [InlineData("pods", "log", "*/exec", false)]
    public void Subresources_and_wildcards(string resource, string? subresource, string ruleResource, bool allowed) =>
        Assert.Equal(allowed, RuleMatcher.Allows(Rule(["get"], [ruleResource]), new PermissionQuery("get", "", resource, subresource)));

    [Theory]
    [InlineData("get", true)]
    [InlineData("GET", false)]
    [InlineData("Get", false)]
    public void Verbs_match_case_sensitively_as_the_authorizer_does(string ruleVerb, bool allowed) =>
        Assert.Equal(allowed, RuleMatcher.Allows(Rule([ruleVerb], ["secrets"]), new PermissionQuery("get", "", "secrets")));

    [Theory]
    [InlineData(null, true)]
    [InlineData("any-name", false)]
    public void ResourceNames_with_an_empty_name_match_unnamed_requests(string? name, bool allowed) =>
        // The authorizer compares resourceNames with the request's name, which is "" for list, create and
        // deletecollection: a rule listing "" grants those on every object.
        Assert.Equal(allowed, RuleMatcher.Allows(Rule(["list"], ["secrets"], resourceNames: [""]), new PermissionQuery("list", "", "secrets", ResourceName: name)));

    [Theory]
    [InlineData(null, false)]
    [InlineData("aws-auth", true)]
    [InlineData("coredns", false)]
    public void ResourceNames_limit_rules_to_named_objects(string? name, bool allowed) =>
        Assert.Equal(allowed, RuleMatcher.Allows(Rule(["update"], ["configmaps"], resourceNames: ["aws-auth"]), new PermissionQuery("update", "", "configmaps", ResourceName: name)));

    [Theory]
    [InlineData("apps", "apps", true)]
    [InlineData("*", "apps", true)]
    [InlineData("", "apps", false)]
    [InlineData("apps", "", false)]
    public void Api_groups_match_exactly_or_by_wildcard(string ruleGroup, string queryGroup, bool allowed) =>
        Assert.Equal(allowed, RuleMatcher.Allows(Rule(["*"], ["deployments"], [ruleGroup]), new PermissionQuery("create", queryGroup, "deployments")));

    [Fact]
    public void A_rule_without_api_groups_matches_nothing() =>
        Assert.False(RuleMatcher.Allows(new PolicyRuleRecord(["get"], [], ["pods"], [], []), new PermissionQuery("get", "", "pods")));

    [Fact]
    public void Bindings_to_missing_roles_grant_nothing_and_roles_bind_only_in_their_namespace()
    {
        var inv = Cluster(roles: [Role("team-a", "r", Rule(["get"], ["pods"]))],
            bindings: [ClusterRoleBinding("ghost", "missing", User("a")), RoleBinding("team-b", "wrong-ns", "Role", "r", User("b")), RoleBinding("team-a", "ok", "Role", "r", User("c"))]);
        var index = RbacIndex.Build(inv);
        Assert.Equal("c", Assert.Single(index.Grants).Subject.Name);
        Assert.Single(index.WhoCan(new PermissionQuery("get", "", "pods", Namespace: "team-a")));
        Assert.Empty(index.WhoCan(new PermissionQuery("get", "", "pods", Namespace: "team-b")));
    }

    [Fact]
    public void The_index_is_built_once_per_inventory()
    {
        var inv = Cluster();
        Assert.Same(RbacIndex.For(inv), RbacIndex.For(inv));
    }

    [Theory]
    [InlineData("Group", "system:masters", true)]
    [InlineData("User", "eks:addon-manager", true)]
    [InlineData("User", "system:anonymous", false)]
    [InlineData("Group", "system:authenticated", false)]
    [InlineData("Group", "system:unauthenticated", false)]
    [InlineData("User", "alice", false)]
    public void System_subjects(string kind, string name, bool builtIn) =>
        Assert.Equal(builtIn, SystemSubjects.IsSystemUserOrGroup(new SubjectRecord(kind, name, null)));
}
