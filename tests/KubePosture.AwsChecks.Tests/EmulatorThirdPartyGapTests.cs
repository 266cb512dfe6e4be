using System.Text.Json.Nodes;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Catalog.Iam;
using KubePosture.Checks.Catalog.Linked;
using KubePosture.Checks.Catalog.Vpc;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// What a run of the AWS-side checks against a third-party AWS emulator with a realistic account found (issue 16),
/// each through the operator's collector against this project's AWS emulator: subnet flow logs, protocol-aware
/// security groups, the node-role exemption with aws-auth's system:nodes mapping, the sources the Pod Identity checks
/// read, and the node group's remote-access security group.
/// </summary>
public sealed class EmulatorThirdPartyGapTests : IAsyncLifetime
{
    private const string ClusterSg = "sg-0a1b2c3d4e5f60003";
    private const string RemoteAccessSg = "sg-0a1b2c3d4e5f60009";
    private const string NodeRole = "arn:aws:iam::111122223333:role/demo-node-role";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    private static NodeRecord DemoNode(string name, string zone, string instance, string nodegroup) => Build.Node(name) with
    {
        ProviderId = $"aws:///{zone}/{instance}",
        Labels = new Dictionary<string, string> { ["eks.amazonaws.com/nodegroup"] = nodegroup, ["alpha.eksctl.io/cluster-name"] = "demo" },
    };

    private static ClusterInventory Cluster(AwsAuthRecord? awsAuth = null) => Build.Cluster(
        nodes:
        [
            DemoNode("ip-10-0-1-23.us-west-2.compute.internal", "us-west-2a", "i-0a1b2c3d4e5f60001", "general"),
            DemoNode("ip-10-0-2-40.us-west-2.compute.internal", "us-west-2b", "i-0a1b2c3d4e5f60003", "batch"),
        ],
        awsAuth: awsAuth);

    private JsonObject SecurityGroup(string id) => _aws.Objects("ec2", "securityGroups").Single(g => g["groupId"]!.GetValue<string>() == id);

    private void AddFlowLog(string id, string resourceId) =>
        ((JsonArray)_aws.Server.Fixture.Section("ec2")["flowLogs"]!).Add(new JsonObject
        {
            ["flowLogId"] = id, ["resourceId"] = resourceId, ["trafficType"] = "ALL", ["flowLogStatus"] = "ACTIVE",
            ["deliverLogsStatus"] = "SUCCESS", ["logDestinationType"] = "s3", ["logDestination"] = "arn:aws:s3:::flow", ["creationTime"] = "2025-01-01T00:00:00Z",
        });

    [Fact, Covers("vpc.flow-logs-off", Outcome.Pass), Covers("vpc.flow-logs-off", Outcome.Fail)]
    public async Task Active_flow_logs_on_every_cluster_subnet_cover_the_cluster_and_one_subnet_does_not()
    {
        AddFlowLog("fl-0subnet1", "subnet-0a1b2c3d4e5f60001");
        var f = Run.FailsOnce<FlowLogsOffCheck>(await _aws.ReadAsync(Cluster(), Ct));
        Assert.Contains("fl-0subnet1 on subnet-0a1b2c3d4e5f60001: ACTIVE", f.Message, StringComparison.Ordinal);

        AddFlowLog("fl-0subnet2", "subnet-0a1b2c3d4e5f60002");
        Run.Passes<FlowLogsOffCheck>(await _aws.ReadAsync(Cluster(), Ct));
    }

    [Fact, Covers("vpc.sg-open", Outcome.Pass), Covers("vpc.sg-open", Outcome.Fail)]
    public async Task Security_group_rules_are_graded_by_protocol()
    {
        var permissions = (JsonArray)SecurityGroup(ClusterSg)["ipPermissions"]!;
        // ICMP from anywhere (all types and codes, -1/-1) is not all traffic, and no admin port is TCP over ICMP.
        permissions.Add(JsonNode.Parse("""{"ipProtocol": "icmp", "fromPort": -1, "toPort": -1, "ipRanges": ["0.0.0.0/0"]}"""));
        permissions.Add(JsonNode.Parse("""{"ipProtocol": "udp", "fromPort": 0, "toPort": 65535, "ipRanges": ["0.0.0.0/0"]}"""));
        Assert.DoesNotContain(Run.Check<SecurityGroupOpenCheck>(await _aws.ReadAsync(Cluster(), Ct)), f => f.Resource.Name == ClusterSg);

        // Every TCP port from anywhere opens the admin ports: High, said as all TCP ports, not "all traffic".
        permissions.Add(JsonNode.Parse("""{"ipProtocol": "tcp", "fromPort": 0, "toPort": 65535, "ipRanges": ["0.0.0.0/0"]}"""));
        var tcp = Assert.Single(Run.Check<SecurityGroupOpenCheck>(await _aws.ReadAsync(Cluster(), Ct)), f => f.Resource.Name == ClusterSg);
        Assert.Equal(Severity.High, tcp.Severity);
        Assert.Contains("all TCP ports (0-65535", tcp.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("all traffic", tcp.Message, StringComparison.Ordinal);

        // Protocol -1 is all traffic.
        permissions.Add(JsonNode.Parse("""{"ipProtocol": "-1", "ipv6Ranges": ["::/0"]}"""));
        var all = Assert.Single(Run.Check<SecurityGroupOpenCheck>(await _aws.ReadAsync(Cluster(), Ct)), f => f.Resource.Name == ClusterSg);
        Assert.Equal(Severity.Critical, all.Severity);
        Assert.Contains("allows all traffic from ::/0", all.Message, StringComparison.Ordinal);
    }

    [Fact, Covers("vpc.sg-open", Outcome.Fail)]
    public async Task The_remote_access_group_of_a_node_group_is_described_even_when_no_node_instance_carries_it()
    {
        var instance = _aws.Objects("ec2", "instances").Single(i => i["instanceId"]!.GetValue<string>() == "i-0a1b2c3d4e5f60001");
        var groups = (JsonArray)instance["securityGroups"]!;
        groups.RemoveAt(groups.Select(g => g!["groupId"]!.GetValue<string>()).ToList().IndexOf(RemoteAccessSg));

        var f = Assert.Single(Run.Check<SecurityGroupOpenCheck>(await _aws.ReadAsync(Cluster(), Ct)), f => f.Resource.Name == RemoteAccessSg);
        Assert.Contains("remote-access group of node group general", f.Message, StringComparison.Ordinal);
        Assert.Contains("SSH (22/tcp)", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_access_group_that_no_longer_exists_does_not_cost_the_other_groups()
    {
        // DescribeSecurityGroups with GroupIds fails as a whole for one unknown id; the collector asks by filter.
        var demo = _aws.Objects("eks", "clusters").Single(c => c["name"]!.GetValue<string>() == "demo");
        var general = ((JsonArray)demo["nodegroups"]!).OfType<JsonObject>().Single(g => g["nodegroupName"]!.GetValue<string>() == "general");
        general["resources"]!["remoteAccessSecurityGroup"] = "sg-0deleted0000000000";
        ((JsonArray)SecurityGroup(ClusterSg)["ipPermissions"]!).Add(JsonNode.Parse("""{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipRanges": ["0.0.0.0/0"]}"""));

        var inventory = await _aws.ReadAsync(Cluster(), Ct);
        Assert.Single(Run.Check<SecurityGroupOpenCheck>(inventory), f => f.Resource.Name == ClusterSg);
    }

    [Fact, Covers("iam.role-wildcard", Outcome.Pass), Covers("iam.role-wildcard", Outcome.Fail)]
    public async Task The_node_role_keeps_its_exemption_when_aws_auth_maps_it_to_system_nodes()
    {
        // EKS writes this mapping for every managed node group's role; it is a node use, not a second use.
        var nodeMapping = new AwsAuthMapping(NodeRole, "system:node:{{EC2PrivateDNSName}}", ["system:bootstrappers", "system:nodes"]);
        var inventory = await _aws.ReadAsync(Cluster(new AwsAuthRecord([nodeMapping], [], [], [])), Ct);
        Assert.DoesNotContain(Run.Check<RoleWildcardCheck>(inventory), f => f.Resource.Name == NodeRole);
        Assert.Single(Run.Check<NodeRoleAdminCheck>(inventory), f => f.Resource.Name == NodeRole);

        // Mapped to anything else as well (here system:masters), the admin node role is reported.
        var adminMapping = new AwsAuthMapping(NodeRole, "ops", ["system:masters"]);
        var mixed = await _aws.ReadAsync(Cluster(new AwsAuthRecord([nodeMapping, adminMapping], [], [], [])), Ct);
        var f = Assert.Single(Run.Check<RoleWildcardCheck>(mixed), f => f.Resource.Name == NodeRole);
        Assert.Equal(Severity.High, f.Severity);
        Assert.Contains("mapped in aws-auth as ops", f.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> RoleSourceCalls => new() { "eks:ListPodIdentityAssociations", "eks:ListAddons" };

    [Theory]
    [MemberData(nameof(RoleSourceCalls))]
    public async Task The_checks_that_need_pod_identity_and_addon_roles_are_not_evaluated_when_listing_them_fails(string operation)
    {
        _aws.Server.Faults.Inject(operation, AwsFault.AccessDenied());
        var inventory = await _aws.ReadWithGapsAsync(Cluster() with
        {
            ServiceAccounts = [new ServiceAccountRecord("team-a", "reporter", null, null)],
        }, Ct);

        ICheck[] checks = [new IrsaTrustUnscopedCheck(), new IrsaRoleMissingCheck(), new RoleWildcardCheck(), new RolePrivilegeEscalationCheck(), new WorkloadRolePrivilegedCheck()];
        var result = CheckEngine.Run(checks, inventory, CheckSelection.All);

        var expected = operation == "eks:ListPodIdentityAssociations"
            ? checks.Select(c => c.Descriptor.Id)
            : ["iam.role-privesc", "iam.role-wildcard"];
        foreach (var id in expected)
        {
            Assert.True(result.ChecksNotEvaluated.TryGetValue(id, out var why), $"{id} was evaluated although {operation} was denied");
            Assert.StartsWith($"{operation} denied", why, StringComparison.Ordinal);
        }
    }
}
