using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Catalog.Iam;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using static KubePosture.AwsChecks.Tests.Support.AwsBuild;

namespace KubePosture.AwsChecks.Tests;

public class IamCheckTests
{
    private const string Admin = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    private const string Worker = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeInstances","eks:DescribeCluster","ecr:BatchGetImage"],"Resource":"*"}]}""";
    private const string S3Star = """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""";
    private const string PassRole = """{"Statement":[{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}]}""";
    private static readonly string Host = OidcIssuer["https://".Length..];

    private static string IrsaTrust(string? sub, string aud = "sts.amazonaws.com", string op = "StringEquals")
    {
        var q = "\"";
        var audPair = q + Host + ":aud" + q + ":" + q + aud + q;
        var subPair = q + Host + ":sub" + q + ":" + q + sub + q;
        var conditions = sub is null
            ? "{\"StringEquals\":{" + audPair + "}}"
            : op == "StringEquals"
                ? "{\"StringEquals\":{" + audPair + "," + subPair + "}}"
                : "{\"StringEquals\":{" + audPair + "},\"" + op + "\":{" + subPair + "}}";
        return "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::" + Account + ":oidc-provider/" + Host + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":" + conditions + "}]}";
    }

    private static AwsRoleUse NodeUse => new(AwsRoleUseKind.NodeRole, "ng-1");

    private static AwsRoleUse Irsa(string subject = "team-a/app") => new(AwsRoleUseKind.Irsa, subject);

    [Fact, Covers("iam.node-role-admin", Outcome.Fail)]
    public void Node_role_with_star_on_star_is_critical()
    {
        var f = Run.FailsOnce<NodeRoleAdminCheck>(Scan(Inventory(roles: [Role("demo-node-role", documents: [Worker, Admin], uses: NodeUse)])));
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Equal(("iam.amazonaws.com", "Role"), (f.Resource.ApiVersion, f.Resource.Kind));
        Assert.Contains("inline policy inline-1 Statement[0]", f.Message, StringComparison.Ordinal);
    }

    [Fact, Covers("iam.node-role-admin", Outcome.Pass)]
    public void Node_role_with_worker_policies_or_admin_minus_a_deny_passes()
    {
        Run.Passes<NodeRoleAdminCheck>(Scan(Inventory(roles: [Role("demo-node-role", documents: [Worker], uses: NodeUse)])));
        const string denyIam = """{"Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}""";
        Run.Passes<NodeRoleAdminCheck>(Scan(Inventory(roles: [Role("demo-node-role", documents: [Admin, denyIam], uses: NodeUse)])));
        // An admin IRSA role is not a node role.
        Run.Passes<NodeRoleAdminCheck>(Scan(Inventory(roles: [Role("app", documents: [Admin], uses: Irsa())])));
    }

    [Fact, Covers("iam.role-wildcard", Outcome.Fail)]
    public void Service_wildcards_and_admin_on_workload_roles_are_reported()
    {
        var f = Run.FailsOnce<RoleWildcardCheck>(Scan(Inventory(roles: [Role("app", documents: [S3Star], uses: Irsa())])));
        Assert.Equal(Severity.Medium, f.Severity);
        Assert.Contains("s3:* on *", f.Message, StringComparison.Ordinal);
        Assert.Contains("IRSA role of service account team-a/app", f.Message, StringComparison.Ordinal);
        var admin = Run.FailsOnce<RoleWildcardCheck>(Scan(Inventory(roles: [Role("app", documents: [Admin], uses: Irsa())])));
        Assert.Equal(Severity.High, admin.Severity);
    }

    [Fact, Covers("iam.role-wildcard", Outcome.Pass)]
    public void Scoped_policies_and_admin_node_roles_are_not_wildcard_findings()
    {
        Run.Passes<RoleWildcardCheck>(Scan(Inventory(roles: [Role("app", documents: [Worker], uses: Irsa())])));
        Run.Passes<RoleWildcardCheck>(Scan(Inventory(roles: [Role("demo-node-role", documents: [Admin], uses: NodeUse)])));
    }

    [Fact]
    public void An_unparseable_policy_is_reported_not_passed()
    {
        var f = Run.FailsOnce<RoleWildcardCheck>(Scan(Inventory(roles: [Role("app", documents: ["{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\"}]}"], uses: Irsa())])));
        Assert.Equal(Severity.Low, f.Severity);
        Assert.Contains("Statement[0].Effect \"Maybe\"", f.Message, StringComparison.Ordinal);
    }

    [Fact, Covers("iam.node-role-ecr-write", Outcome.Fail)]
    public void Node_role_that_may_push_images_fails()
    {
        const string powerUser = """{"Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ecr:BatchGetImage","ecr:PutImage","ecr:InitiateLayerUpload"],"Resource":"*"}]}""";
        var f = Run.FailsOnce<NodeRoleEcrWriteCheck>(Scan(Inventory(roles: [Role("demo-node-role", documents: [Worker, powerUser], uses: NodeUse)])));
        Assert.Equal(Severity.High, f.Severity);
        Assert.Contains("ecr:PutImage", f.Message, StringComparison.Ordinal);
    }

    [Fact, Covers("iam.node-role-ecr-write", Outcome.Pass)]
    public void Node_role_that_only_pulls_or_is_denied_writes_passes()
    {
        Run.Passes<NodeRoleEcrWriteCheck>(Scan(Inventory(roles: [Role("demo-node-role", documents: [Worker], uses: NodeUse)])));
        const string ecrStar = """{"Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*"}]}""";
        const string denyWrites = """{"Statement":[{"Effect":"Deny","Action":["ecr:Put*","ecr:*Upload*","ecr:*Delete*","ecr:Create*","ecr:Set*"],"Resource":"*"}]}""";
        Run.Passes<NodeRoleEcrWriteCheck>(Scan(Inventory(roles: [Role("demo-node-role", documents: [ecrStar, denyWrites], uses: NodeUse)])));
        // A workload role that pushes (CI) is not a node role.
        Run.Passes<NodeRoleEcrWriteCheck>(Scan(Inventory(roles: [Role("ci", documents: [ecrStar], uses: Irsa())])));
    }

    [Fact, Covers("iam.role-privesc", Outcome.Fail)]
    public void PassRole_on_star_is_privilege_escalation()
    {
        var f = Run.FailsOnce<RolePrivilegeEscalationCheck>(Scan(Inventory(roles: [Role("app", documents: [PassRole], uses: Irsa())])));
        Assert.Contains("iam:PassRole on *", f.Message, StringComparison.Ordinal);
        Assert.Equal("iam:PassRole on *", f.Details!["grants"]);
    }

    [Fact, Covers("iam.role-privesc", Outcome.Pass)]
    public void PassRole_on_one_role_and_read_only_roles_pass()
    {
        const string scoped = """{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/batch"}]}""";
        Run.Passes<RolePrivilegeEscalationCheck>(Scan(Inventory(roles: [Role("app", documents: [scoped, Worker], uses: Irsa())])));
    }

    [Fact, Covers("iam.irsa-trust-unscoped", Outcome.Fail)]
    public void Trust_without_sub_is_unscoped_on_the_service_account()
    {
        var f = Run.FailsOnce<IrsaTrustUnscopedCheck>(Scan(Inventory(roles: [Role("app", trust: IrsaTrust(null), uses: Irsa())])));
        Assert.Equal(Severity.High, f.Severity);
        Assert.Equal(new ResourceRef("v1", "ServiceAccount", "team-a", "app"), f.Resource);
        Assert.Contains("no " + Host + ":sub condition", f.Message, StringComparison.Ordinal);
        var wildcard = Run.FailsOnce<IrsaTrustUnscopedCheck>(Scan(Inventory(roles: [Role("app", trust: IrsaTrust("system:serviceaccount:*", op: "StringLike"), uses: Irsa())])));
        Assert.Equal(Severity.High, wildcard.Severity);
        var aud = Run.FailsOnce<IrsaTrustUnscopedCheck>(Scan(Inventory(roles: [Role("app", trust: IrsaTrust("system:serviceaccount:team-a:app", aud: "other"), uses: Irsa())])));
        Assert.Equal(Severity.Medium, aud.Severity);
    }

    [Fact, Covers("iam.irsa-trust-unscoped", Outcome.Pass)]
    public void Trust_scoped_to_the_service_account_passes()
    {
        Run.Passes<IrsaTrustUnscopedCheck>(Scan(Inventory(roles: [Role("app", trust: IrsaTrust("system:serviceaccount:team-a:app"), uses: Irsa())])));
        const string podIdentity = """{"Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";
        Run.Passes<IrsaTrustUnscopedCheck>(Scan(Inventory(roles: [Role("cni", trust: podIdentity, uses: new AwsRoleUse(AwsRoleUseKind.PodIdentity, "kube-system/aws-node"))])));
    }

    [Fact]
    public void Trust_check_is_not_evaluated_without_the_cluster_issuer()
    {
        var reason = Run.NotEvaluated<IrsaTrustUnscopedCheck>(Scan(Inventory(cluster: AwsBuild.Cluster(oidcIssuer: null), roles: [Role("app", trust: IrsaTrust(null), uses: Irsa())])));
        Assert.Contains("OIDC issuer", reason, StringComparison.Ordinal);
    }

    [Fact, Covers("iam.irsa-role-missing", Outcome.Fail)]
    public void Annotated_role_that_does_not_exist_is_reported()
    {
        var f = Run.FailsOnce<IrsaRoleMissingCheck>(Scan(Inventory(roles: [Role("gone", exists: false, uses: new AwsRoleUse(AwsRoleUseKind.PodIdentity, "team-a/reporter"))])));
        Assert.Equal(new ResourceRef("v1", "ServiceAccount", "team-a", "reporter"), f.Resource);
        Assert.Contains("NoSuchEntity", f.Message, StringComparison.Ordinal);
    }

    [Fact, Covers("iam.irsa-role-missing", Outcome.Pass)]
    public void Existing_or_unreadable_roles_are_not_missing()
    {
        Run.Passes<IrsaRoleMissingCheck>(Scan(Inventory(roles: [Role("app", uses: Irsa())])));
        Run.Passes<IrsaRoleMissingCheck>(Scan(Inventory(roles: [new AwsRole("arn:aws:iam::111122223333:role/x", "x", null, null, [Irsa()])])));
    }
}
