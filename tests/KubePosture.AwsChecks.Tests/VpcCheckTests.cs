using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Catalog.Vpc;
using KubePosture.Checks.Model;
using static KubePosture.AwsChecks.Tests.Support.AwsBuild;

namespace KubePosture.AwsChecks.Tests;

public class VpcCheckTests
{
    private static Ec2SecurityGroupRule Rule(string protocol, int? from, int? to, params string[] cidrs) =>
        new(protocol, from, to, [.. cidrs.Where(c => !c.Contains(':', StringComparison.Ordinal))], [.. cidrs.Where(c => c.Contains(':', StringComparison.Ordinal))], [], []);

    private static Ec2SecurityGroup Group(string id, params Ec2SecurityGroupRule[] ingress) => new(id, id + "-name", null, "vpc-0demo", ingress, []);

    [Fact, Covers("vpc.flow-logs-off", Outcome.Fail)]
    public void Cluster_vpc_without_an_active_flow_log_is_reported()
    {
        var f = Run.FailsOnce<FlowLogsOffCheck>(Scan(Inventory(flowLogs: [FlowLog("vpc-other")])));
        Assert.Equal(new ResourceRef("ec2.amazonaws.com", "Vpc", null, "vpc-0demo"), f.Resource);
        // A flow log on only one of two subnets does not cover the cluster.
        Run.FailsOnce<FlowLogsOffCheck>(Scan(Inventory(flowLogs: [FlowLog("subnet-a")])));
        Run.FailsOnce<FlowLogsOffCheck>(Scan(Inventory(flowLogs: [FlowLog("vpc-0demo") with { Status = "FAILED" }])));
    }

    [Fact, Covers("vpc.flow-logs-off", Outcome.Pass)]
    public void Vpc_flow_log_or_every_subnet_covered_passes()
    {
        Run.Passes<FlowLogsOffCheck>(Scan(Inventory(flowLogs: [FlowLog("vpc-0demo")])));
        Run.Passes<FlowLogsOffCheck>(Scan(Inventory(flowLogs: [FlowLog("subnet-a"), FlowLog("subnet-b")])));
    }

    [Fact, Covers("vpc.sg-open", Outcome.Fail)]
    public void Open_all_traffic_is_critical_and_open_ssh_high()
    {
        var node = Node(instance: Instance(securityGroups: ["sg-0node"]));
        var findings = Run.Check<SecurityGroupOpenCheck>(Scan(Inventory(nodes: [node], securityGroups:
        [
            Group("sg-0cluster", Rule("-1", null, null, "0.0.0.0/0")),
            Group("sg-0node", Rule("tcp", 22, 22, "::/0"), Rule("tcp", 443, 443, "0.0.0.0/0")),
        ])));
        Assert.Equal(2, findings.Count);
        Assert.Equal(Severity.Critical, findings.Single(f => f.Resource.Name == "sg-0cluster").Severity);
        var ssh = findings.Single(f => f.Resource.Name == "sg-0node");
        Assert.Equal(Severity.High, ssh.Severity);
        Assert.Contains("SSH (22/tcp) from ::/0", ssh.Message, StringComparison.Ordinal);
        Assert.Contains("node security group", ssh.Message, StringComparison.Ordinal);
    }

    [Fact, Covers("vpc.sg-open", Outcome.Pass)]
    public void Vpc_ranges_https_to_the_world_and_unrelated_groups_pass()
    {
        Run.Passes<SecurityGroupOpenCheck>(Scan(Inventory(nodes: [Node()], securityGroups:
        [
            Group("sg-0cluster", Rule("-1", null, null, "10.0.0.0/16")),
            Group("sg-0node", Rule("tcp", 443, 443, "0.0.0.0/0")),
            Group("sg-0unrelated", Rule("-1", null, null, "0.0.0.0/0")),
        ])));
    }
}
