using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Rbac;
using KubePosture.Checks.Semantics.Aws;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Semantics.Aws;

public class ClusterIdentitiesTests
{
    private static readonly AwsAuthRecord AwsAuth = new(
        MapRoles: [new AwsAuthMapping("arn:aws:iam::1:role/ops", "ops:{{SessionName}}", ["ops-admins"]),
                   new AwsAuthMapping("arn:aws:iam::1:role/ci", "ci-bot", ["deployers"])],
        MapUsers: [new AwsAuthMapping("arn:aws:iam::1:user/bob", "bob", [])],
        MapAccounts: [],
        ParseErrors: []);

    private static readonly EksAccessEntry Alice = new("demo", "arn:aws:iam::1:user/alice", "STANDARD", "alice", ["developers"]);

    private static readonly EksAssociatedAccessPolicy AliceView = new("arn:aws:iam::1:user/alice",
        "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", "cluster", [], null);

    private static RbacIndex Index() => RbacIndex.Build(Cluster(
        roles: [ClusterRole("cluster-admin", Rule(["*"], ["*"], ["*"])), ClusterRole("deployer", Rule(["create"], ["deployments"], ["apps"]))],
        bindings: [ClusterRoleBinding("ops-admin", "cluster-admin", Group("ops-admins")),
                   ClusterRoleBinding("ci", "deployer", User("ci-bot")),
                   RoleBinding("team-a", "alice-admin", "ClusterRole", "cluster-admin", User("alice")),
                   ClusterRoleBinding("dev-admin", "cluster-admin", Group("developers"))]));

    [Fact]
    public void Aws_auth_and_access_entries_both_map_principals_with_their_policies()
    {
        var ids = ClusterIdentities.Map(AwsAuth, [Alice], [AliceView]);
        Assert.Equal(4, ids.Count);
        Assert.Equal(IdentitySource.AwsAuthMapUsers, ids.Single(i => i.PrincipalArn.EndsWith("bob", StringComparison.Ordinal)).Source);
        var alice = ids.Single(i => i.Source == IdentitySource.AccessEntry);
        Assert.Equal("AmazonEKSViewPolicy", ClusterIdentities.AccessPolicyName(Assert.Single(alice.AccessPolicies).PolicyArn));
    }

    [Fact]
    public void Groups_and_usernames_reach_grants_and_templated_usernames_match_no_user_binding()
    {
        var index = Index();
        var ids = ClusterIdentities.Map(AwsAuth, [Alice], [AliceView]);
        var ops = ids.Single(i => i.PrincipalArn.EndsWith("role/ops", StringComparison.Ordinal));
        Assert.True(ops.UsernameIsTemplate);
        var opsGrant = Assert.Single(ClusterIdentities.GrantsOf(index, ops));
        Assert.Equal("group ops-admins", opsGrant.Via);
        Assert.True(ClusterIdentities.IsClusterAdmin(opsGrant.Grant));

        var ci = Assert.Single(ClusterIdentities.GrantsOf(index, ids.Single(i => i.PrincipalArn.EndsWith("role/ci", StringComparison.Ordinal))));
        Assert.False(ClusterIdentities.IsClusterAdmin(ci.Grant));

        var alice = ClusterIdentities.GrantsOf(index, ids.Single(i => i.Source == IdentitySource.AccessEntry)).ToList();
        Assert.Equal(2, alice.Count);
        // The RoleBinding to cluster-admin is namespace admin, not cluster-admin; the group's ClusterRoleBinding is.
        Assert.False(ClusterIdentities.IsClusterAdmin(alice.Single(g => g.Grant.Binding.Name == "alice-admin").Grant));
        Assert.True(ClusterIdentities.IsClusterAdmin(alice.Single(g => g.Grant.Binding.Name == "dev-admin").Grant));

        Assert.Empty(ClusterIdentities.GrantsOf(index, ids.Single(i => i.PrincipalArn.EndsWith("bob", StringComparison.Ordinal))));
    }
}
