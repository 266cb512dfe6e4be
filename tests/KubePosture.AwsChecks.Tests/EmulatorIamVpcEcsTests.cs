using System.Text.Json.Nodes;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Catalog.Ecs;
using KubePosture.Checks.Catalog.Iam;
using KubePosture.Checks.Catalog.Linked;
using KubePosture.Checks.Catalog.Vpc;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// The iam.*, vpc.* and ecs.* checks on data read over the wire from the AWS emulator's demo account (SigV4, paging,
/// URL-encoded IAM documents), fail cases from the demo data as it is and pass cases after fixing the fixture.
/// The reading is the operator's own collector (a fresh session per read, so fixture edits are not hidden by caches).
/// </summary>
public sealed class EmulatorIamVpcEcsTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    /// <summary>The demo cluster's service accounts as the demo seed annotates them.</summary>
    private static readonly ServiceAccountRecord[] ServiceAccounts =
    [
        new("demo", "app", null, "arn:aws:iam::111122223333:role/demo-app-irsa"),
        new("kubeposture-system", "kubeposture", null, "arn:aws:iam::111122223333:role/kubeposture"),
    ];

    /// <summary>The demo cluster's nodes (demo/cluster/10-nodes.yaml): providerIDs and node groups of the fixture's instances.</summary>
    private static readonly NodeRecord[] DemoNodes =
    [
        DemoNode("ip-10-0-1-23.us-west-2.compute.internal", "us-west-2a", "i-0a1b2c3d4e5f60001", "general"),
        DemoNode("ip-10-0-1-24.us-west-2.compute.internal", "us-west-2a", "i-0a1b2c3d4e5f60002", "general"),
        DemoNode("ip-10-0-2-40.us-west-2.compute.internal", "us-west-2b", "i-0a1b2c3d4e5f60003", "batch"),
    ];

    private static NodeRecord DemoNode(string name, string zone, string instance, string nodegroup) => Build.Node(name) with
    {
        ProviderId = $"aws:///{zone}/{instance}",
        Labels = new Dictionary<string, string> { ["eks.amazonaws.com/nodegroup"] = nodegroup, ["alpha.eksctl.io/cluster-name"] = "demo" },
    };

    /// <summary>What the operator's collector reads from the emulator for the demo cluster's nodes and service accounts.</summary>
    private Task<ClusterInventory> ReadAsync() => _aws.ReadAsync(Build.Cluster(serviceAccounts: ServiceAccounts, nodes: DemoNodes), Ct);

    private JsonObject Role(string name) => AccountFixtureObjects("iam", "roles").Single(r => r["roleName"]!.GetValue<string>() == name);

    private IEnumerable<JsonObject> AccountFixtureObjects(string section, string list) => _aws.Objects(section, list);

    [Fact, Covers("iam.irsa-trust-unscoped", Outcome.Fail), Covers("iam.irsa-trust-unscoped", Outcome.Pass)]
    public async Task Demo_irsa_role_without_sub_is_unscoped_and_the_operators_scoped_role_passes()
    {
        var findings = Run.Check<IrsaTrustUnscopedCheck>(await ReadAsync());
        var f = Assert.Single(findings);
        Assert.Equal(new ResourceRef("v1", "ServiceAccount", "demo", "app"), f.Resource);
        Assert.Equal(Severity.High, f.Severity);
        Assert.Contains("no oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub condition", f.Message, StringComparison.Ordinal);

        // Scope the demo role's trust to its service account: every IRSA and Pod Identity trust then passes.
        var condition = (JsonObject)Role("demo-app-irsa")["assumeRolePolicyDocument"]!["Statement"]![0]!["Condition"]!["StringEquals"]!;
        condition["oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub"] = "system:serviceaccount:demo:app";
        Run.Passes<IrsaTrustUnscopedCheck>(await ReadAsync());
    }

    [Fact, Covers("iam.irsa-role-missing", Outcome.Fail)]
    public async Task Pod_identity_association_naming_a_missing_role_is_reported_from_NoSuchEntity()
    {
        var f = Run.FailsOnce<IrsaRoleMissingCheck>(await ReadAsync());
        Assert.Equal(new ResourceRef("v1", "ServiceAccount", "team-a", "reporter"), f.Resource);
    }

    [Fact, Covers("iam.node-role-admin", Outcome.Fail), Covers("iam.node-role-admin", Outcome.Pass)]
    public async Task Node_role_with_AdministratorAccess_is_admin_until_detached()
    {
        var f = Run.FailsOnce<NodeRoleAdminCheck>(await ReadAsync());
        Assert.Equal("arn:aws:iam::111122223333:role/demo-node-role", f.Resource.Name);
        Assert.Contains("AdministratorAccess", f.Message, StringComparison.Ordinal);

        var attached = (JsonArray)Role("demo-node-role")["attachedPolicies"]!;
        attached.RemoveAt(attached.Select(n => n!.GetValue<string>()).ToList().IndexOf("arn:aws:iam::aws:policy/AdministratorAccess"));
        Run.Passes<NodeRoleAdminCheck>(await ReadAsync());
    }

    [Fact, Covers("iam.role-wildcard", Outcome.Fail), Covers("iam.role-privesc", Outcome.Fail)]
    public async Task Irsa_role_wildcards_and_escalation_from_inline_and_managed_policy_versions()
    {
        var inventory = await ReadAsync();
        var wildcard = Assert.Single(Run.Check<RoleWildcardCheck>(inventory), f => f.Resource.Name.EndsWith("demo-app-irsa", StringComparison.Ordinal));
        Assert.Equal(Severity.High, wildcard.Severity); // inline-wildcard allows * on *
        Run.Passes<RolePrivilegeEscalationCheck>(inventory); // admin roles are reported as admin, not again as escalation

        // Drop the * on * inline policy: the default version v2 of demo-app-s3 (s3:* on *) and pass-role remain.
        var inline = (JsonArray)Role("demo-app-irsa")["inlinePolicies"]!;
        inline.RemoveAt(0);
        inventory = await ReadAsync();
        var s3 = Assert.Single(Run.Check<RoleWildcardCheck>(inventory), f => f.Resource.Name.EndsWith("demo-app-irsa", StringComparison.Ordinal));
        Assert.Contains("s3:* on * (managed policy demo-app-s3 (arn:aws:iam::111122223333:policy/demo-app-s3 v2) Statement[0])", s3.Message, StringComparison.Ordinal);
        var privesc = Run.FailsOnce<RolePrivilegeEscalationCheck>(inventory);
        Assert.Contains("iam:PassRole on *", privesc.Message, StringComparison.Ordinal);
        Assert.Contains("sts:AssumeRole on *", privesc.Message, StringComparison.Ordinal);
    }

    [Fact, Covers("iam.role-privesc", Outcome.Pass), Covers("iam.role-wildcard", Outcome.Pass)]
    public async Task Least_privilege_demo_roles_pass_wildcard_and_escalation()
    {
        var inventory = await ReadAsync();
        Assert.DoesNotContain(Run.Check<RoleWildcardCheck>(inventory), f => f.Resource.Name.EndsWith("role/kubeposture", StringComparison.Ordinal) || f.Resource.Name.EndsWith("demo-vpc-cni", StringComparison.Ordinal));
        Assert.DoesNotContain(Run.Check<RolePrivilegeEscalationCheck>(inventory), f => !f.Resource.Name.EndsWith("demo-app-irsa", StringComparison.Ordinal));
    }

    [Fact, Covers("vpc.flow-logs-off", Outcome.Fail), Covers("vpc.flow-logs-off", Outcome.Pass)]
    public async Task Cluster_vpc_without_flow_logs_until_one_is_created()
    {
        var f = Run.FailsOnce<FlowLogsOffCheck>(await ReadAsync());
        Assert.Equal("vpc-0a1b2c3d4e5f60004", f.Resource.Name);
        ((JsonArray)_aws.Server.Fixture.Section("ec2")["flowLogs"]!).Add(new JsonObject
        {
            ["flowLogId"] = "fl-0cluster", ["resourceId"] = "vpc-0a1b2c3d4e5f60004", ["trafficType"] = "ALL", ["flowLogStatus"] = "ACTIVE",
            ["deliverLogsStatus"] = "SUCCESS", ["logDestinationType"] = "s3", ["logDestination"] = "arn:aws:s3:::flow", ["creationTime"] = "2025-01-01T00:00:00Z",
        });
        Run.Passes<FlowLogsOffCheck>(await ReadAsync());
    }

    [Fact, Covers("vpc.sg-open", Outcome.Fail), Covers("vpc.sg-open", Outcome.Pass)]
    public async Task Remote_access_group_open_to_ssh_until_restricted()
    {
        var f = Run.FailsOnce<SecurityGroupOpenCheck>(await ReadAsync());
        Assert.Equal("sg-0a1b2c3d4e5f60009", f.Resource.Name);
        Assert.Contains("SSH (22/tcp) from 0.0.0.0/0 and ::/0", f.Message, StringComparison.Ordinal);
        var ssh = (JsonObject)AccountFixtureObjects("ec2", "securityGroups").Single(g => g["groupId"]!.GetValue<string>() == "sg-0a1b2c3d4e5f60009")["ipPermissions"]![0]!;
        ssh["ipRanges"] = new JsonArray("10.0.0.0/16");
        ssh.Remove("ipv6Ranges");
        Run.Passes<SecurityGroupOpenCheck>(await ReadAsync());
    }

    [Fact, Covers("ecs.task-privileged", Outcome.Fail), Covers("ecs.task-host-namespaces", Outcome.Fail), Covers("ecs.task-root-user", Outcome.Fail),
     Covers("ecs.task-writable-root-fs", Outcome.Fail), Covers("ecs.task-secrets-in-env", Outcome.Fail), Covers("ecs.task-logging", Outcome.Fail),
     Covers("ecs.service-public-ip", Outcome.Fail), Covers("ecs.container-insights-off", Outcome.Fail)]
    public async Task Ecs_checks_cover_task_definitions_services_and_running_tasks_use()
    {
        var inventory = await ReadAsync();
        // web:3 (services), worker:1 (services), batch:2 (a standalone running task no service uses).
        Assert.Equal(["batch:2", "web:3", "worker:1"], inventory.Aws!.EcsTaskDefinitions.Select(t => $"{t.Family}:{t.Revision}").Order(StringComparer.Ordinal));

        Assert.Equal(Td("web:3"), Run.FailsOnce<TaskPrivilegedCheck>(inventory).Resource.Name);
        Assert.Equal("networkMode: host,pidMode: host", Run.FailsOnce<TaskHostNamespacesCheck>(inventory).Details!["modes"]);
        var root = Run.FailsOnce<TaskRootUserCheck>(inventory);
        Assert.Equal((Severity.High, Td("web:3")), (root.Severity, root.Resource.Name));
        Assert.Equal(Td("web:3"), Run.FailsOnce<TaskWritableRootFsCheck>(inventory).Resource.Name);
        var secrets = Run.Check<TaskSecretsInEnvironmentCheck>(inventory).ToDictionary(f => f.Resource.Name[(f.Resource.Name.LastIndexOf('/') + 1)..]);
        Assert.Equal(Severity.High, secrets["batch:2"].Severity); // AWS access keys in the standalone task
        Assert.Contains("used by running tasks", secrets["batch:2"].Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Medium, secrets["web:3"].Severity); // DB_PASSWORD
        var logging = Run.Check<TaskLoggingCheck>(inventory).ToDictionary(f => f.Resource.Name[(f.Resource.Name.LastIndexOf('/') + 1)..]);
        Assert.Equal((Severity.Low, Severity.Medium), (logging["web:3"].Severity, logging["batch:2"].Severity));
        Assert.False(logging.ContainsKey("worker:1"));
        Assert.Equal("arn:aws:ecs:us-west-2:111122223333:service/web/web-frontend", Run.FailsOnce<ServicePublicIpCheck>(inventory).Resource.Name);
        Assert.Equal("arn:aws:ecs:us-west-2:111122223333:cluster/web", Run.FailsOnce<ClusterContainerInsightsCheck>(inventory).Resource.Name);
    }

    [Fact, Covers("linked.workload-role-privileged", Outcome.Fail)]
    public async Task Demo_workload_on_the_irsa_role_is_linked_to_its_admin_grant()
    {
        var inventory = await ReadAsync();
        var workload = Build.Workload(ns: "demo", name: "app").WithSpec(s => s with { ServiceAccountName = "app" });
        var f = Run.FailsOnce<WorkloadRolePrivilegedCheck>(inventory with { Workloads = [workload] });
        Assert.StartsWith("Deployment demo/app -> ServiceAccount demo/app -> IRSA role arn:aws:iam::111122223333:role/demo-app-irsa -> administrator", f.Details!["chain"], StringComparison.Ordinal);
    }

    private static string Td(string familyRevision) => $"arn:aws:ecs:us-west-2:111122223333:task-definition/{familyRevision}";

}
