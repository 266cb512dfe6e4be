using KubePosture.Checks.Aws;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Vpc;

public sealed class SecurityGroupOpenCheck : ICheck
{
    /// <summary>Administrative and control ports: SSH, RDP, kubelet, etcd, the Kubernetes API, NodePort-range excluded.</summary>
    private static readonly (int Port, string Name)[] AdminPorts =
    [
        (22, "SSH"), (3389, "RDP"), (10250, "kubelet"), (10255, "kubelet read-only"), (2379, "etcd"), (2380, "etcd peer"), (6443, "Kubernetes API"),
        (5985, "WinRM"), (5986, "WinRM"),
    ];

    public CheckDescriptor Descriptor { get; } = new(
        Id: "vpc.sg-open",
        Title: "Cluster or node security group open to the internet",
        Category: CheckCategory.Vpc,
        DefaultSeverity: Severity.High,
        Description: "An ingress rule of the cluster security group, the control plane's additional groups, a node's groups or a node group's remote-access group allows 0.0.0.0/0 or ::/0 for every protocol (IpProtocol -1: Critical) or an administrative TCP port: SSH 22, RDP 3389, kubelet 10250/10255, etcd 2379-2380, 6443, WinRM 5985-5986 (High; a TCP rule for every port is High too). ICMP, UDP and other protocols open none of these and are not reported.",
        Remediation: "Remove the 0.0.0.0/0 and ::/0 ingress rules; reach nodes through SSM Session Manager instead of SSH, and allow only the load balancers' or VPC's ranges on service ports.",
        References: ["AWS Security Hub EC2.2, EC2.13, EC2.14, EC2.19", "CIS AWS Foundations Benchmark 5.2, 5.3", References.EksNetwork],
        Sources: [InventorySource.AwsEks, InventorySource.AwsEc2, "eks:DescribeCluster", "ec2:DescribeSecurityGroups"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var roles = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string? id, string why)
        {
            if (string.IsNullOrEmpty(id)) return;
            if (!roles.TryGetValue(id, out var list)) roles[id] = list = [];
            if (!list.Contains(why)) list.Add(why);
        }
        if (aws.Cluster is { } cluster)
        {
            Add(cluster.ClusterSecurityGroupId, "cluster security group");
            foreach (var sg in cluster.SecurityGroupIds) Add(sg, "control plane security group");
        }
        foreach (var node in aws.Nodes)
            foreach (var sg in node.Instance?.SecurityGroupIds ?? [])
                Add(sg, "node security group");
        foreach (var group in aws.Nodegroups)
            Add(group.RemoteAccessSecurityGroup, $"remote-access group of node group {group.Name}");

        foreach (var (id, uses) in roles.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var sg = aws.SecurityGroups.FirstOrDefault(g => g.GroupId == id);
            if (sg is null) continue;
            // Protocol-aware: only protocol -1 is all traffic (Critical); a TCP rule is graded by the admin ports it
            // opens, even when it opens every TCP port (High); UDP, ICMP and other protocols open no admin port.
            var all = sg.Ingress.Where(r => r.OpenToInternet && r.AllTraffic).ToList();
            var allTcp = sg.Ingress.Where(r => r.OpenToInternet && r.IsTcp && r.AllPorts).ToList();
            var admin = sg.Ingress.Where(r => r.OpenToInternet && !r.AllTraffic)
                .SelectMany(r => AdminPorts.Where(p => r.CoversTcpPort(p.Port)).Select(p => (Rule: r, p.Port, p.Name)))
                .ToList();
            if (all.Count == 0 && admin.Count == 0) continue;
            var severity = all.Count > 0 ? Severity.Critical : Severity.High;
            var what = all.Count > 0
                ? $"allows all traffic from {Sources(all[0])}"
                : allTcp.Count > 0
                    ? $"allows all TCP ports (0-65535, including {string.Join(", ", AdminPorts.Select(p => $"{p.Name} {p.Port}").Distinct().Take(4))}) from {Sources(allTcp[0])}"
                    : $"allows {string.Join(", ", admin.Select(a => $"{a.Name} ({a.Port}/tcp)").Distinct())} from {string.Join(", ", admin.Select(a => Sources(a.Rule)).Distinct())}";
            yield return new Finding(Descriptor.Id, severity, AwsResources.Ec2SecurityGroup(id),
                $"security group {id} ({sg.GroupName}; {string.Join(", ", uses)}) {what}",
                new Dictionary<string, string>
                {
                    ["groupId"] = id,
                    ["groupName"] = sg.GroupName,
                    ["uses"] = string.Join(",", uses),
                    ["ports"] = all.Count > 0 ? "all" : string.Join(",", admin.Select(a => a.Port).Distinct()),
                });
        }
    }

    private static string Sources(Ec2SecurityGroupRule rule) =>
        string.Join(" and ", new[] { rule.Ipv4Ranges.Contains("0.0.0.0/0") ? "0.0.0.0/0" : null, rule.Ipv6Ranges.Contains("::/0") ? "::/0" : null }.Where(s => s is not null));
}
