using System.Text.Json.Nodes;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Catalog.Node;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// The AWS-side node checks on what the operator's collector links from the demo cluster's nodes (providerID → EC2
/// instance, node group label → release and the SSM recommended AMI release, SSM registration and patch state): they
/// fail as the demo account has them and pass once the instances, the node group and SSM are in order.
/// </summary>
public sealed class EmulatorNodeTests : IAsyncLifetime
{
    private static readonly string[] DemoInstances = ["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002", "i-0a1b2c3d4e5f60003"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    private static NodeRecord Node(string name, string zone, string instance, string nodegroup) => Build.Node(name) with
    {
        ProviderId = $"aws:///{zone}/{instance}",
        Labels = new Dictionary<string, string> { ["eks.amazonaws.com/nodegroup"] = nodegroup },
    };

    private Task<ClusterInventory> ReadAsync() => _aws.ReadAsync(Build.Cluster(nodes:
    [
        Node("ip-10-0-1-23.us-west-2.compute.internal", "us-west-2a", DemoInstances[0], "general"),
        Node("ip-10-0-1-24.us-west-2.compute.internal", "us-west-2a", DemoInstances[1], "general"),
        Node("ip-10-0-2-40.us-west-2.compute.internal", "us-west-2b", DemoInstances[2], "batch"),
    ]), Ct, ["internal"]);

    private IEnumerable<JsonObject> Objects(string section, string list) => _aws.Objects(section, list);

    [Fact, Covers("node.imdsv2-optional", Outcome.Fail), Covers("node.imdsv2-optional", Outcome.Pass), Covers("node.imds-hop-limit", Outcome.Fail),
     Covers("node.imds-hop-limit", Outcome.Pass), Covers("node.public-ip", Outcome.Fail), Covers("node.public-ip", Outcome.Pass),
     Covers("node.ami-outdated", Outcome.Fail), Covers("node.ami-outdated", Outcome.Pass), Covers("node.patch-noncompliant", Outcome.Fail),
     Covers("node.patch-noncompliant", Outcome.Pass), Covers("node.unmanaged-by-ssm", Outcome.Fail), Covers("node.unmanaged-by-ssm", Outcome.Pass)]
    public async Task Demo_nodes_fail_until_instances_node_group_and_ssm_are_in_order()
    {
        var demo = await ReadAsync();
        Assert.Equal("ip-10-0-1-23.us-west-2.compute.internal", Run.FailsOnce<Imdsv2OptionalCheck>(demo).Resource.Name);
        Assert.Equal(2, Run.Check<ImdsHopLimitCheck>(demo).Count);
        Assert.Equal("ip-10-0-1-23.us-west-2.compute.internal", Run.FailsOnce<PublicIpCheck>(demo).Resource.Name);
        Assert.Equal("general", Run.FailsOnce<AmiOutdatedCheck>(demo).Resource.Name);
        Assert.NotEmpty(Run.Check<PatchNoncompliantCheck>(demo));
        Assert.Equal(2, Run.Check<UnmanagedBySsmCheck>(demo).Count); // ConnectionLost, and not registered at all

        var now = Build.Now;
        foreach (var instance in Objects("ec2", "instances").Where(i => DemoInstances.Contains(i["instanceId"]!.GetValue<string>())))
        {
            instance["metadataOptions"] = new JsonObject { ["httpTokens"] = "required", ["httpPutResponseHopLimit"] = 1, ["httpEndpoint"] = "enabled" };
            instance.Remove("ipAddress");
            instance.Remove("dnsName");
        }

        Objects("eks", "clusters").Single()["nodegroups"]!.AsArray().OfType<JsonObject>().Single(g => g["nodegroupName"]!.GetValue<string>() == "general")["releaseVersion"] = "1.31.7-20250520";
        var ssm = _aws.Server.Fixture.Section("ssm");
        ssm["instanceInformation"] = new JsonArray([.. DemoInstances.Select(id => (JsonNode)new JsonObject
        {
            ["InstanceId"] = id, ["PingStatus"] = "Online", ["LastPingDateTime"] = now.AddMinutes(-5).ToUnixTimeSeconds(), ["AgentVersion"] = "3.3.1142.0",
            ["IsLatestVersion"] = true, ["PlatformType"] = "Linux", ["PlatformName"] = "Amazon Linux", ["PlatformVersion"] = "2023", ["ResourceType"] = "EC2Instance",
        })]);
        ssm["patchStates"] = new JsonArray([.. DemoInstances.Select(id => (JsonNode)new JsonObject
        {
            ["InstanceId"] = id, ["PatchGroup"] = "eks-nodes", ["BaselineId"] = "pb-0713accee01234567", ["CriticalNonCompliantCount"] = 0, ["SecurityNonCompliantCount"] = 0,
            ["OtherNonCompliantCount"] = 0, ["InstalledCount"] = 415, ["MissingCount"] = 0, ["FailedCount"] = 0, ["NotApplicableCount"] = 1500,
            ["OperationStartTime"] = now.AddDays(-1).ToUnixTimeSeconds(), ["OperationEndTime"] = now.AddDays(-1).AddMinutes(4).ToUnixTimeSeconds(),
            ["Operation"] = "Install", ["RebootOption"] = "RebootIfNeeded",
        })]);

        var fixedUp = await ReadAsync();
        Run.Passes<Imdsv2OptionalCheck>(fixedUp);
        Run.Passes<ImdsHopLimitCheck>(fixedUp);
        Run.Passes<PublicIpCheck>(fixedUp);
        Run.Passes<AmiOutdatedCheck>(fixedUp);
        Run.Passes<PatchNoncompliantCheck>(fixedUp);
        Run.Passes<UnmanagedBySsmCheck>(fixedUp);
    }

}
