using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Catalog.Linked;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Tests.Support;
using static KubePosture.AwsChecks.Tests.Support.AwsBuild;

namespace KubePosture.AwsChecks.Tests;

/// <summary>One cross-link test per linked finding: each asserts the whole evidence chain, and that breaking any link clears it.</summary>
public class LinkedCheckTests
{
    private const string Admin = """{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    private const string PassRole = """{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}""";
    private const string ReadOnly = """{"Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::bucket/*"}]}""";
    private const string AppRoleArn = "arn:aws:iam::" + Account + ":role/app";

    private static ServiceAccountRecord Sa(string? roleArn) => new("team-a", "web", false, roleArn);

    private static ClusterInventory WorkloadWithRole(string document, string? irsa = AppRoleArn, IEnumerable<EksPodIdentityAssociation>? podIdentity = null) =>
        Scan(Inventory(roles: [Role("app", documents: [document], uses: new AwsRoleUse(AwsRoleUseKind.Irsa, "team-a/web"))], podIdentity: podIdentity),
            workloads: [Build.Workload()], serviceAccounts: [Sa(irsa)]);

    [Fact, Covers("linked.workload-role-privileged", Outcome.Fail)]
    public void Workload_to_service_account_to_admin_role_is_one_critical_chain()
    {
        var f = Run.FailsOnce<WorkloadRolePrivilegedCheck>(WorkloadWithRole(Admin));
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Equal(new ResourceRef("apps/v1", "Deployment", "team-a", "web"), f.Resource);
        var chain = f.Details!["chain"].Split(" -> ");
        Assert.Equal(["Deployment team-a/web", "ServiceAccount team-a/web", $"IRSA role {AppRoleArn}"], chain[..3]);
        Assert.StartsWith("administrator", chain[3], StringComparison.Ordinal);

        var escalation = Run.FailsOnce<WorkloadRolePrivilegedCheck>(WorkloadWithRole(PassRole, irsa: null,
            podIdentity: [new EksPodIdentityAssociation(ClusterName, "a-1", "arn:a-1", "team-a", "web", AppRoleArn)]));
        Assert.Equal(Severity.High, escalation.Severity);
        Assert.Contains("through Pod Identity", escalation.Message, StringComparison.Ordinal);
    }

    [Fact, Covers("linked.workload-role-privileged", Outcome.Pass)]
    public void Least_privilege_role_or_no_role_breaks_the_chain()
    {
        Run.Passes<WorkloadRolePrivilegedCheck>(WorkloadWithRole(ReadOnly));
        Run.Passes<WorkloadRolePrivilegedCheck>(WorkloadWithRole(Admin, irsa: null));
    }

    private static ClusterInventory OnNode(Ec2Instance instance, string nodeRoleDocument, string? irsa = null, IEnumerable<NetworkPolicyRecord>? policies = null, bool hostNetwork = false)
    {
        var workload = Build.Workload().WithSpec(s => s with { HostNetwork = hostNetwork });
        var aws = Inventory(nodes: [Node("node-1", instance: instance)], nodegroups: [Nodegroup()],
            roles: [Role("demo-node-role", documents: [nodeRoleDocument], uses: new AwsRoleUse(AwsRoleUseKind.NodeRole, "ng-1")),
                    Role("app", documents: [ReadOnly], uses: new AwsRoleUse(AwsRoleUseKind.Irsa, "team-a/web"))]);
        return Build.Cluster([workload], serviceAccounts: [Sa(irsa)], policies: policies).WithAws(aws);
    }

    [Fact, Covers("linked.imds-node-role", Outcome.Fail)]
    public void Pod_without_own_role_on_hop_limit_two_node_with_admin_node_role_is_one_chain()
    {
        var f = Run.FailsOnce<ImdsNodeRoleCheck>(OnNode(Instance("i-node-1", hopLimit: 2), Admin));
        Assert.Equal(Severity.Critical, f.Severity);
        var chain = f.Details!["chain"].Split(" -> ");
        Assert.Equal(5, chain.Length);
        Assert.Equal("Node node-1 (instance i-node-1)", chain[1]);
        Assert.Equal("IMDSv2 hop limit 2", chain[2]);
        Assert.Equal($"node role {NodeRoleArn}", chain[3]);
        // IMDSv1 allowed exposes the role whatever the hop limit.
        Assert.Contains("IMDSv1 allowed", Run.FailsOnce<ImdsNodeRoleCheck>(OnNode(Instance("i-node-1", httpTokens: "optional", hopLimit: 1), PassRole)).Message, StringComparison.Ordinal);
        Assert.Contains("hostNetwork", Run.FailsOnce<ImdsNodeRoleCheck>(OnNode(Instance("i-node-1"), Admin, hostNetwork: true)).Message, StringComparison.Ordinal);
    }

    [Fact, Covers("linked.imds-node-role", Outcome.Pass)]
    public void Any_broken_link_clears_the_imds_chain()
    {
        // Hop limit 1 with IMDSv2 required.
        Run.Passes<ImdsNodeRoleCheck>(OnNode(Instance("i-node-1", hopLimit: 1), Admin));
        // The workload has its own IRSA role.
        Run.Passes<ImdsNodeRoleCheck>(OnNode(Instance("i-node-1", hopLimit: 2), Admin, irsa: AppRoleArn));
        // The node role is least privilege.
        Run.Passes<ImdsNodeRoleCheck>(OnNode(Instance("i-node-1", hopLimit: 2), ReadOnly));
        // An egress policy selects the pod and allows only the VPC range.
        var deny = Build.Policy("team-a", "egress", ingress: false, egress: true, egressRules: [new NetworkPolicyRuleRecord([Build.IpPeer("10.0.0.0/8")], [])]);
        Run.Passes<ImdsNodeRoleCheck>(OnNode(Instance("i-node-1", hopLimit: 2), Admin, policies: [deny]));
    }

    private static ClusterInventory Mapped(string clusterRole, AwsAuthRecord? awsAuth, IEnumerable<AwsAccessEntry>? entries = null) =>
        Build.Cluster(
            roles: [Build.ClusterRole("cluster-admin", Build.Rule(["*"], ["*"], ["*"])), Build.ClusterRole("view", Build.Rule(["get"], ["pods"]))],
            bindings: [Build.ClusterRoleBinding("platform-admins", clusterRole, Build.Group("platform")), Build.ClusterRoleBinding("nodes", "cluster-admin", Build.Group("system:nodes"))],
            awsAuth: awsAuth).WithAws(Inventory(accessEntries: entries));

    [Fact, Covers("linked.iam-principal-cluster-admin", Outcome.Fail)]
    public void Aws_auth_role_and_access_entry_reaching_cluster_admin_through_a_group_binding()
    {
        var awsAuth = new AwsAuthRecord([new AwsAuthMapping("arn:aws:iam::111122223333:role/platform", "platform:{{SessionName}}", ["platform"])], [], [], []);
        var f = Run.FailsOnce<IdentityClusterAdminCheck>(Mapped("cluster-admin", awsAuth));
        Assert.Equal(new ResourceRef("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, "platform-admins"), f.Resource);
        Assert.Equal("IAM arn:aws:iam::111122223333:role/platform -> aws-auth mapRoles -> group platform -> ClusterRoleBinding platform-admins -> ClusterRole cluster-admin",
            f.Details!["chain"]);

        var entry = new AwsAccessEntry(new EksAccessEntry(ClusterName, "arn:aws:iam::111122223333:user/alice", "STANDARD", "alice", ["platform"]), []);
        var e = Run.FailsOnce<IdentityClusterAdminCheck>(Mapped("cluster-admin", null, [entry]));
        Assert.Contains("access entry", e.Details!["chain"], StringComparison.Ordinal);
    }

    [Fact, Covers("linked.iam-principal-cluster-admin", Outcome.Pass)]
    public void Narrow_bindings_and_system_groups_are_not_the_chain()
    {
        var awsAuth = new AwsAuthRecord([new AwsAuthMapping("arn:aws:iam::111122223333:role/platform", "platform", ["platform"]),
            new AwsAuthMapping(NodeRoleArn, "system:node:{{EC2PrivateDNSName}}", ["system:nodes"])], [], [], []);
        Run.Passes<IdentityClusterAdminCheck>(Mapped("view", awsAuth));
    }
}

public class ExposedVulnerableImageTests
{
    private static ClusterInventory Exposed(string serviceType, IReadOnlyDictionary<string, string>? annotations = null, params EcrVulnerability[] findings) =>
        Scan(Inventory(scans: [AwsBuild.Scan(findings: findings)]),
            workloads: [RunningWorkload("web")],
            services: [Build.Service("team-a", "web", serviceType, annotations: annotations)]);

    [Fact, Covers("linked.exposed-vulnerable-image", Outcome.Fail)]
    public void Internet_facing_service_to_workload_to_running_digest_with_fixable_critical_is_one_chain()
    {
        var f = Run.FailsOnce<ExposedVulnerableImageCheck>(Exposed("LoadBalancer", null, Vulnerability("CVE-2024-0001"), Vulnerability("CVE-2024-0003", fix: "NO", fixedIn: null), Vulnerability("CVE-2024-0002", "HIGH")));
        Assert.Equal(new ResourceRef("apps/v1", "Deployment", "team-a", "web"), f.Resource);
        var chain = f.Details!["chain"].Split(" -> ");
        Assert.Equal("internet-facing LoadBalancer Service team-a/web", chain[0]);
        Assert.Equal("Deployment team-a/web", chain[1]);
        Assert.StartsWith($"image demo/api@{Digest}", chain[2], StringComparison.Ordinal);
        Assert.Equal("1 fixable CRITICAL: CVE-2024-0001", chain[3]);
        Run.FailsOnce<ExposedVulnerableImageCheck>(Exposed("NodePort", null, Vulnerability("CVE-2024-0001")));
    }

    [Fact, Covers("linked.exposed-vulnerable-image", Outcome.Pass)]
    public void Internal_service_unfixable_critical_or_high_only_breaks_the_chain()
    {
        var internalLb = new Dictionary<string, string> { [LoadBalancerExposure.SchemeAnnotation] = "internal" };
        Run.Passes<ExposedVulnerableImageCheck>(Exposed("LoadBalancer", internalLb, Vulnerability("CVE-2024-0001")));
        Run.Passes<ExposedVulnerableImageCheck>(Exposed("ClusterIP", null, Vulnerability("CVE-2024-0001")));
        Run.Passes<ExposedVulnerableImageCheck>(Exposed("LoadBalancer", null, Vulnerability("CVE-2024-0003", fix: "NO", fixedIn: null), Vulnerability("CVE-2024-0002", "HIGH")));
    }
}
