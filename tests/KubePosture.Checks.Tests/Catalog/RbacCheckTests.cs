using KubePosture.Checks.Catalog.Eks;
using KubePosture.Checks.Catalog.Rbac;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Catalog;

public class RbacCheckTests
{
    private static readonly PolicyRuleRecord ReadPods = Rule(["get", "list", "watch"], ["pods", "services"]);

    private static ClusterInventory Rbac(IEnumerable<RoleRecord> roles, params BindingRecord[] bindings) => Cluster(roles: roles, bindings: bindings);

    [Fact]
    [Covers("rbac.wildcard", Outcome.Pass)]
    [Covers("rbac.secrets-read", Outcome.Pass)]
    [Covers("rbac.pods-exec", Outcome.Pass)]
    [Covers("rbac.escalate-bind-impersonate", Outcome.Pass)]
    [Covers("rbac.create-workloads", Outcome.Pass)]
    [Covers("rbac.token-create", Outcome.Pass)]
    [Covers("rbac.nodes-proxy", Outcome.Pass)]
    [Covers("rbac.aws-auth-write", Outcome.Pass)]
    public void A_read_only_role_bound_to_a_user_passes_every_rule_check()
    {
        var inv = Rbac([ClusterRole("reader", ReadPods)], ClusterRoleBinding("readers", "reader", User("alice"), Group("devs")));
        Run.Passes<WildcardCheck>(inv);
        Run.Passes<SecretsReadCheck>(inv);
        Run.Passes<PodsExecCheck>(inv);
        Run.Passes<EscalateBindImpersonateCheck>(inv);
        Run.Passes<CreateWorkloadsCheck>(inv);
        Run.Passes<TokenCreateCheck>(inv);
        Run.Passes<NodesProxyCheck>(inv);
        Run.Passes<AwsAuthWriteCheck>(inv);
    }

    [Fact]
    [Covers("rbac.wildcard", Outcome.Fail)]
    public void Wildcard_fails_on_custom_role_in_itself_even_unbound()
    {
        var f = Run.FailsOnce<WildcardCheck>(Rbac([Role("team-a", "all-pods", Rule(["*"], ["pods"]))]));
        Assert.Equal(new ResourceRef("rbac.authorization.k8s.io/v1", "Role", "team-a", "all-pods"), f.Resource);
        Assert.Contains("not bound to any subject", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.wildcard", Outcome.Pass)]
    public void Wildcard_in_built_in_role_held_only_by_system_subjects_passes() =>
        Run.Passes<WildcardCheck>(Rbac([ClusterRole("cluster-admin", Rule(["*"], ["*"], ["*"]))], ClusterRoleBinding("cluster-admin", "cluster-admin", Group("system:masters"))));

    [Fact]
    [Covers("rbac.secrets-read", Outcome.Fail)]
    public void Secrets_read_names_subjects_and_bindings()
    {
        var inv = Rbac(
            [ClusterRole("secret-reader", Rule(["list"], ["secrets"]))],
            ClusterRoleBinding("ci", "secret-reader", ServiceAccount("ci", "deployer")),
            RoleBinding("team-a", "alice-secrets", "ClusterRole", "secret-reader", User("alice")));
        var f = Run.FailsOnce<SecretsReadCheck>(inv);
        Assert.Contains("ServiceAccount ci/deployer via ClusterRoleBinding ci (cluster-wide)", f.Message, StringComparison.Ordinal);
        Assert.Contains("User alice via RoleBinding team-a/alice-secrets (in namespace team-a)", f.Message, StringComparison.Ordinal);
        Assert.Equal("ServiceAccount ci/deployer; User alice", f.Details!["subjects"]);
        Assert.Equal("ClusterRoleBinding ci; RoleBinding team-a/alice-secrets", f.Details["bindings"]);
    }

    [Fact]
    [Covers("rbac.nodes-proxy", Outcome.Pass)]
    [Covers("rbac.escalate-bind-impersonate", Outcome.Fail)]
    public void A_RoleBinding_grants_no_cluster_scoped_resource()
    {
        // cluster-admin through a RoleBinding covers the namespace's objects only: not nodes, users or clusterroles.
        var inv = Rbac([ClusterRole("cluster-admin", Rule(["*"], ["*"], ["*"]))], RoleBinding("team-a", "alice-admin", "ClusterRole", "cluster-admin", User("alice")));
        Run.Passes<NodesProxyCheck>(inv);
        // It still allows binding Roles and impersonating service accounts in team-a.
        var f = Run.FailsOnce<EscalateBindImpersonateCheck>(inv);
        Assert.Equal("RoleBinding", f.Resource.Kind);
    }

    [Fact]
    [Covers("rbac.nodes-proxy", Outcome.Fail)]
    public void A_custom_role_bound_only_by_RoleBindings_is_reported_without_holders_for_cluster_scoped_rules()
    {
        var f = Run.FailsOnce<NodesProxyCheck>(Rbac(
            [ClusterRole("node-proxy", Rule(["get"], ["nodes/proxy"]))],
            RoleBinding("team-a", "np", "ClusterRole", "node-proxy", User("alice"))));
        Assert.Equal("", f.Details!["subjects"]);
        Assert.Contains("RoleBinding team-a/np", f.Message, StringComparison.Ordinal);
        Assert.Contains("cluster-scoped", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.secrets-read", Outcome.Fail)]
    public void Secrets_read_with_an_empty_resource_name_is_not_limited()
    {
        var f = Run.FailsOnce<SecretsReadCheck>(Rbac([Role("team-a", "quirk", Rule(["list"], ["secrets"], resourceNames: [""]))]));
        Assert.Contains("resourceNames=[\"\"]", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.secrets-read", Outcome.Pass)]
    public void Upper_case_verbs_grant_nothing() =>
        Run.Passes<SecretsReadCheck>(Rbac([Role("team-a", "shouting", Rule(["GET", "LIST"], ["secrets"]))]));

    [Theory]
    [InlineData("Group", "system:serviceaccounts")]
    [InlineData("Group", "system:serviceaccounts:team-a")]
    [InlineData("User", "system:serviceaccount:team-a:ci")]
    [Covers("rbac.cluster-admin-binding", Outcome.Fail)]
    public void Cluster_admin_for_service_account_identities_is_not_a_system_grant(string kind, string name)
    {
        // system:serviceaccounts groups hold every service account (of a namespace); Kubernetes binds nothing powerful
        // to them, so a custom binding that does is a finding even though the names start with "system:".
        var f = Run.FailsOnce<ClusterAdminBindingCheck>(Rbac(
            [ClusterRole("cluster-admin", Rule(["*"], ["*"], ["*"]))],
            ClusterRoleBinding("all-sa-admin", "cluster-admin", new SubjectRecord(kind, name, null))));
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Contains(name, f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.secrets-read", Outcome.Pass)]
    public void Service_account_groups_bound_by_system_bindings_are_built_in() =>
        Run.Passes<SecretsReadCheck>(Rbac(
            [ClusterRole("system:service-account-issuer-discovery", Rule(["get"], ["secrets"]))],
            ClusterRoleBinding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery", Group("system:serviceaccounts"))));

    [Fact]
    [Covers("rbac.secrets-read", Outcome.Pass)]
    public void Secrets_read_limited_by_resourceNames_passes() =>
        Run.Passes<SecretsReadCheck>(Rbac([Role("team-a", "one-secret", Rule(["get"], ["secrets"], resourceNames: ["tls-cert"]))]));

    [Fact]
    [Covers("rbac.secrets-read", Outcome.Pass)]
    public void Secrets_in_another_api_group_pass() =>
        Run.Passes<SecretsReadCheck>(Rbac([Role("team-a", "crd", Rule(["get"], ["secrets"], ["vault.example.com"]))]));

    [Fact]
    [Covers("rbac.secrets-read", Outcome.Fail)]
    public void Secrets_read_through_aggregated_ClusterRole()
    {
        var monitoring = new RoleRecord("ClusterRole", null, "aggregate-secrets", new Dictionary<string, string> { ["rbac.example.com/aggregate-to-monitoring"] = "true" },
            [Rule(["get"], ["secrets"])], null);
        var aggregated = new RoleRecord("ClusterRole", null, "monitoring", new Dictionary<string, string>(), [],
            [Selector(("rbac.example.com/aggregate-to-monitoring", "true"))]);
        var findings = Run.Check<SecretsReadCheck>(Rbac([monitoring, aggregated], ClusterRoleBinding("mon", "monitoring", User("bob"))));
        var f = Assert.Single(findings, f => f.Resource.Name == "monitoring");
        Assert.Equal("aggregate-secrets", f.Details!["aggregatedFrom"]);
        Assert.Contains("User bob", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.secrets-read", Outcome.Fail)]
    public void Built_in_admin_role_bound_to_a_user_attaches_to_the_binding()
    {
        var f = Run.FailsOnce<SecretsReadCheck>(Rbac([ClusterRole("admin", Rule(["get", "list"], ["secrets"]))],
            RoleBinding("team-a", "alice-admin", "ClusterRole", "admin", User("alice"))));
        Assert.Equal(new ResourceRef("rbac.authorization.k8s.io/v1", "RoleBinding", "team-a", "alice-admin"), f.Resource);
        Assert.Contains("built-in ClusterRole admin", f.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pods/exec")]
    [InlineData("pods/attach")]
    [InlineData("*/exec")]
    [InlineData("*")]
    [Covers("rbac.pods-exec", Outcome.Fail)]
    public void Pods_exec_fails_for_subresource_forms(string resource) =>
        Run.FailsOnce<PodsExecCheck>(Rbac([Role("team-a", "debug", Rule(["create"], [resource]))]));

    [Fact]
    [Covers("rbac.pods-exec", Outcome.Pass)]
    public void Pods_exec_plain_pods_does_not_grant_the_subresource() =>
        Run.Passes<PodsExecCheck>(Rbac([Role("team-a", "pods", Rule(["create", "get"], ["pods", "pods/log"]))]));

    [Theory]
    [InlineData("escalate", "roles", "rbac.authorization.k8s.io")]
    [InlineData("bind", "clusterroles", "rbac.authorization.k8s.io")]
    [InlineData("impersonate", "users", "")]
    [InlineData("impersonate", "serviceaccounts", "")]
    [InlineData("*", "groups", "")]
    [Covers("rbac.escalate-bind-impersonate", Outcome.Fail)]
    public void Escalate_bind_impersonate_fail(string verb, string resource, string group)
    {
        var f = Run.FailsOnce<EscalateBindImpersonateCheck>(Rbac([ClusterRole("power", Rule([verb], [resource], [group]))]));
        Assert.Equal(Severity.Critical, f.Severity);
    }

    [Fact]
    [Covers("rbac.escalate-bind-impersonate", Outcome.Pass)]
    public void Bind_in_the_wrong_api_group_passes() =>
        Run.Passes<EscalateBindImpersonateCheck>(Rbac([ClusterRole("odd", Rule(["bind"], ["roles"], [""]))]));

    [Fact]
    [Covers("rbac.create-workloads", Outcome.Fail)]
    public void Create_workloads_cluster_wide_fails()
    {
        var f = Run.FailsOnce<CreateWorkloadsCheck>(Rbac([ClusterRole("deployer", Rule(["create"], ["deployments"], ["apps"]))],
            ClusterRoleBinding("ci", "deployer", ServiceAccount("ci", "runner"))));
        Assert.Contains("ServiceAccount ci/runner", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.create-workloads", Outcome.Pass)]
    public void Create_workloads_in_a_namespace_passes() =>
        Run.Passes<CreateWorkloadsCheck>(Rbac([ClusterRole("deployer", Rule(["create"], ["pods", "deployments"], ["", "apps"]))],
            RoleBinding("team-a", "ci", "ClusterRole", "deployer", ServiceAccount("ci", "runner"))));

    [Fact]
    [Covers("rbac.token-create", Outcome.Fail)]
    public void Token_create_fails() =>
        Run.FailsOnce<TokenCreateCheck>(Rbac([Role("team-a", "tokens", Rule(["create"], ["serviceaccounts/token"]))]));

    [Fact]
    [Covers("rbac.token-create", Outcome.Pass)]
    public void Token_create_on_serviceaccounts_without_subresource_passes() =>
        Run.Passes<TokenCreateCheck>(Rbac([Role("team-a", "sa", Rule(["create"], ["serviceaccounts"]))]));

    [Fact]
    [Covers("rbac.nodes-proxy", Outcome.Fail)]
    public void Nodes_proxy_fails() =>
        Run.FailsOnce<NodesProxyCheck>(Rbac([ClusterRole("metrics", Rule(["get"], ["nodes/proxy", "nodes/metrics"]))]));

    [Fact]
    [Covers("rbac.nodes-proxy", Outcome.Pass)]
    public void Nodes_metrics_only_passes() =>
        Run.Passes<NodesProxyCheck>(Rbac([ClusterRole("metrics", Rule(["get"], ["nodes/metrics", "nodes/stats"]))]));

    [Fact]
    [Covers("rbac.aws-auth-write", Outcome.Fail)]
    public void Aws_auth_write_through_role_in_kube_system_by_name() =>
        Run.FailsOnce<AwsAuthWriteCheck>(Rbac([Role("kube-system", "auth-editor", Rule(["patch"], ["configmaps"], resourceNames: ["aws-auth"]))]));

    [Fact]
    [Covers("rbac.aws-auth-write", Outcome.Fail)]
    public void Aws_auth_write_through_cluster_role_bound_in_kube_system()
    {
        var f = Run.FailsOnce<AwsAuthWriteCheck>(Rbac([ClusterRole("cm-editor", Rule(["update"], ["configmaps"]))],
            RoleBinding("kube-system", "ops", "ClusterRole", "cm-editor", User("ops")),
            RoleBinding("team-a", "dev", "ClusterRole", "cm-editor", User("dev"))));
        Assert.Contains("User ops", f.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("User dev", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.aws-auth-write", Outcome.Pass)]
    public void Aws_auth_write_other_names_or_namespaces_pass() =>
        Run.Passes<AwsAuthWriteCheck>(Rbac(
            [ClusterRole("cm-editor", Rule(["update"], ["configmaps"])), Role("kube-system", "other-cm", Rule(["update"], ["configmaps"], resourceNames: ["coredns"])),
             Role("team-a", "cm", Rule(["update"], ["configmaps"]))],
            RoleBinding("team-a", "dev", "ClusterRole", "cm-editor", User("dev"))));

    [Fact]
    [Covers("rbac.cluster-admin-binding", Outcome.Fail)]
    public void Cluster_admin_to_a_user_is_critical_cluster_wide_and_high_in_a_namespace()
    {
        var clusterAdmin = ClusterRole("cluster-admin", Rule(["*"], ["*"], ["*"]));
        var findings = Run.Check<ClusterAdminBindingCheck>(Rbac([clusterAdmin],
            ClusterRoleBinding("alice-admin", "cluster-admin", User("alice")),
            RoleBinding("team-a", "bob-admin", "ClusterRole", "cluster-admin", User("bob")),
            ClusterRoleBinding("cluster-admin", "cluster-admin", Group("system:masters"))));
        Assert.Equal(2, findings.Count);
        Assert.Equal(Severity.Critical, findings.Single(f => f.Resource.Name == "alice-admin").Severity);
        Assert.Equal(Severity.High, findings.Single(f => f.Resource.Name == "bob-admin").Severity);
    }

    [Fact]
    [Covers("rbac.cluster-admin-binding", Outcome.Fail)]
    public void Cluster_admin_equivalent_custom_role_fails() =>
        Run.FailsOnce<ClusterAdminBindingCheck>(Rbac([ClusterRole("god", Rule(["*"], ["*"], ["*"]))], ClusterRoleBinding("god", "god", Group("platform"))));

    [Fact]
    [Covers("rbac.cluster-admin-binding", Outcome.Pass)]
    public void Cluster_admin_for_system_masters_and_kube_system_controllers_passes() =>
        Run.Passes<ClusterAdminBindingCheck>(Rbac([ClusterRole("cluster-admin", Rule(["*"], ["*"], ["*"])), ClusterRole("reader", ReadPods)],
            ClusterRoleBinding("cluster-admin", "cluster-admin", Group("system:masters")),
            ClusterRoleBinding("eks:addon-cluster-admin", "cluster-admin", User("eks:addon-manager")),
            ClusterRoleBinding("reader", "reader", User("alice"))));

    [Theory]
    [InlineData("User", "system:anonymous", "view")]
    [InlineData("Group", "system:unauthenticated", "system:discovery")]
    [InlineData("Group", "system:authenticated", "edit")]
    [Covers("rbac.anonymous-binding", Outcome.Fail)]
    public void Anonymous_binding_fails_for_non_default_grants(string kind, string name, string role)
    {
        var f = Run.FailsOnce<AnonymousBindingCheck>(Rbac([ClusterRole(role, ReadPods)], ClusterRoleBinding("open", role, new SubjectRecord(kind, name, null))));
        Assert.Contains(name, f.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Critical, f.Severity);
    }

    [Fact]
    [Covers("rbac.anonymous-binding", Outcome.Pass)]
    public void Anonymous_binding_default_discovery_grants_pass() =>
        Run.Passes<AnonymousBindingCheck>(Rbac(
            [ClusterRole("system:discovery", ReadPods), ClusterRole("system:public-info-viewer", ReadPods), ClusterRole("system:basic-user", ReadPods)],
            ClusterRoleBinding("system:discovery", "system:discovery", Group("system:authenticated")),
            ClusterRoleBinding("system:basic-user", "system:basic-user", Group("system:authenticated")),
            ClusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", Group("system:authenticated"), Group("system:unauthenticated"))));

    [Theory]
    [InlineData("User", "system:anonymous")]
    [InlineData("Group", "system:unauthenticated")]
    [Covers("rbac.anonymous-binding", Outcome.Fail)]
    public void Anonymous_binding_is_reported_when_its_role_is_not_in_the_input_and_says_what_is_unknown(string kind, string name)
    {
        var f = Run.FailsOnce<AnonymousBindingCheck>(Rbac([], RoleBinding("team-a", "open", "Role", "app-reader", new SubjectRecord(kind, name, null))));
        Assert.Equal(new ResourceRef("rbac.authorization.k8s.io/v1", "RoleBinding", "team-a", "open"), f.Resource);
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Contains(name, f.Message, StringComparison.Ordinal);
        Assert.Contains("Role team-a/app-reader is not in the input", f.Message, StringComparison.Ordinal);
        Assert.Equal("unknown", f.Details!["rules"]);
        Assert.Equal("Role team-a/app-reader", f.Details["role"]);
    }

    [Fact]
    [Covers("rbac.anonymous-binding", Outcome.Pass)]
    public void Anonymous_binding_with_a_missing_role_passes_for_default_grants_and_named_subjects() =>
        Run.Passes<AnonymousBindingCheck>(Rbac([],
            ClusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", Group("system:unauthenticated")),
            RoleBinding("team-a", "alice", "Role", "app-reader", User("alice"))));

    [Fact]
    [Covers("rbac.default-sa-bound", Outcome.Fail)]
    public void Default_sa_bound_fails()
    {
        var f = Run.FailsOnce<DefaultServiceAccountBoundCheck>(Rbac([Role("team-a", "r", ReadPods)],
            RoleBinding("team-a", "default-reader", "Role", "r", ServiceAccount("team-a", "default"))));
        Assert.Equal("RoleBinding", f.Resource.Kind);
        Assert.Contains("ServiceAccount team-a/default", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.default-sa-bound", Outcome.Fail)]
    public void Default_sa_subject_without_namespace_takes_the_binding_namespace()
    {
        var f = Run.FailsOnce<DefaultServiceAccountBoundCheck>(Rbac([Role("team-a", "r", ReadPods)],
            RoleBinding("team-a", "b", "Role", "r", new SubjectRecord("ServiceAccount", "default", null))));
        Assert.Contains("ServiceAccount team-a/default", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("rbac.default-sa-bound", Outcome.Pass)]
    public void Dedicated_sa_bound_passes() =>
        Run.Passes<DefaultServiceAccountBoundCheck>(Rbac([Role("team-a", "r", ReadPods)], RoleBinding("team-a", "b", "Role", "r", ServiceAccount("team-a", "web"))));

    [Fact]
    [Covers("eks.aws-auth-masters", Outcome.Fail)]
    public void Aws_auth_masters_is_critical_and_users_medium()
    {
        var awsAuth = new AwsAuthRecord(
            [new AwsAuthMapping("arn:aws:iam::111122223333:role/nodes", "system:node:{{EC2PrivateDNSName}}", ["system:bootstrappers", "system:nodes"]),
             new AwsAuthMapping("arn:aws:iam::111122223333:role/admins", "admin", ["system:masters"])],
            [new AwsAuthMapping("arn:aws:iam::111122223333:user/bob", "bob", ["devs"])],
            [], []);
        var findings = Run.Check<AwsAuthMastersCheck>(Cluster(awsAuth: awsAuth));
        Assert.Equal(2, findings.Count);
        Assert.Equal(Severity.Critical, findings.Single(f => f.Details!["arn"].EndsWith("role/admins", StringComparison.Ordinal)).Severity);
        Assert.Equal(Severity.Medium, findings.Single(f => f.Details!["arn"].EndsWith("user/bob", StringComparison.Ordinal)).Severity);
        Assert.All(findings, f => Assert.Equal(new ResourceRef("v1", "ConfigMap", "kube-system", "aws-auth"), f.Resource));
    }

    [Fact]
    [Covers("eks.aws-auth-masters", Outcome.Pass)]
    public void Aws_auth_node_roles_only_pass() =>
        Run.Passes<AwsAuthMastersCheck>(Cluster(awsAuth: new AwsAuthRecord(
            [new AwsAuthMapping("arn:aws:iam::111122223333:role/nodes", "system:node:{{EC2PrivateDNSName}}", ["system:bootstrappers", "system:nodes"])], [], [], [])));

    [Fact]
    [Covers("eks.aws-auth-masters", Outcome.Fail)]
    public void Aws_auth_that_cannot_be_read_is_a_finding_not_a_pass()
    {
        // Issue 15 point 7: an unreadable mapRoles hid a new system:masters mapping while the check passed.
        var awsAuth = new AwsAuthRecord(
            [new AwsAuthMapping("arn:aws:iam::111122223333:role/nodes", "system:node:{{EC2PrivateDNSName}}", ["system:nodes"])], [], [],
            ["mapRoles: not valid YAML: Operation is not valid due to the current state of the object."]);
        var finding = Assert.Single(Run.Check<AwsAuthMastersCheck>(Cluster(awsAuth: awsAuth)));
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Contains("mapRoles", finding.Message.ToString(), StringComparison.Ordinal);
        Assert.Equal(new ResourceRef("v1", "ConfigMap", "kube-system", "aws-auth"), finding.Resource);
    }
}
