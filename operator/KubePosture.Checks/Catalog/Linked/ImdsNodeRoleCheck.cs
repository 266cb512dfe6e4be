using System.Net;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Linked;

public sealed class ImdsNodeRoleCheck : ICheck
{
    private static readonly IPAddress Imds = IPAddress.Parse("169.254.169.254");

    public CheckDescriptor Descriptor { get; } = new(
        Id: "linked.imds-node-role",
        Title: "Pod can take an over-privileged node role through IMDS",
        Category: CheckCategory.Linked,
        DefaultSeverity: Severity.Critical,
        Description: "Chains a workload with no IRSA or Pod Identity credentials, the nodes it runs on, their EC2 metadata options and the node role: when the instance metadata service is reachable from pods (hostNetwork, IMDSv1 allowed, or an IMDSv2 hop limit above 1), no egress NetworkPolicy blocks 169.254.169.254, and the node role allows * on *, privilege escalation or service-wide wildcards, the pod can use the node role's permissions. Each finding lists the chain workload -> node -> instance metadata options -> node role -> grant.",
        Remediation: "Require IMDSv2 with hop limit 1 on the node group's launch template, block 169.254.169.254 with an egress NetworkPolicy, give the workload IRSA or Pod Identity credentials, and reduce the node role to the EKS worker policies.",
        References: [References.EksIdentity, "EKS Best Practices, Restrict access to the instance profile: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html"],
        Sources: [InventorySource.AwsIam, InventorySource.AwsEc2, "ec2:DescribeInstances", "iam:GetRolePolicy", "iam:GetPolicyVersion", InventorySource.NetworkPolicies, InventorySource.ServiceAccounts, .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var policies = NetworkPolicyIndex.For(inventory);
        foreach (var workload in inventory.Workloads)
        {
            if (!inventory.Scope.IncludesSystemNamespaces && SystemNamespaces.IsSystem(workload.Namespace)) continue;
            if (LinkedEvidence.WorkloadRoles(inventory, aws, workload).Any()) continue;
            if (!workload.Spec.HostNetwork && EgressBlocked(policies, workload)) continue;
            foreach (var nodeName in workload.NodeNames)
            {
                if (aws.NodeNamed(nodeName) is not { Instance: { } instance } node) continue;
                var reach = Reachability(workload, instance.MetadataOptions);
                if (reach is null) continue;
                if (NodeRole(aws, node) is not { } role) continue;
                if (LinkedEvidence.OverPrivilege(role, includeWildcards: true) is not { } why) continue;
                var details = LinkedEvidence.Chain(
                    $"{workload.Ref.Kind} {workload.Namespace}/{workload.Ref.Name} (no IRSA or Pod Identity, no egress block)",
                    $"Node {nodeName} (instance {instance.InstanceId})",
                    reach,
                    $"node role {role.Arn}",
                    why);
                details["node"] = nodeName;
                details["instanceId"] = instance.InstanceId;
                details["roleArn"] = role.Arn;
                yield return new Finding(Descriptor.Id, why.StartsWith("administrator", StringComparison.Ordinal) ? Severity.Critical : Severity.High, workload.Ref,
                    $"{workload.Ref.Kind} {workload.Ref.Name} has no IAM role of its own and runs on node {nodeName}, whose instance metadata service is reachable from pods ({reach}); the node role {role.Name} grants {why}",
                    details);
                break;
            }
        }
    }

    /// <summary>How a pod reaches IMDS on this instance, or null when it cannot.</summary>
    private static string? Reachability(WorkloadRecord workload, Aws.Ec2MetadataOptions? options)
    {
        if (options is not null && string.Equals(options.HttpEndpoint, "disabled", StringComparison.OrdinalIgnoreCase)) return null;
        if (workload.Spec.HostNetwork) return "hostNetwork: true";
        if (options is null || !string.Equals(options.HttpTokens, "required", StringComparison.OrdinalIgnoreCase))
            return $"IMDSv1 allowed (HttpTokens {options?.HttpTokens ?? "unknown"})";
        // IMDSv2 tokens reach a pod (one extra hop behind the node's network namespace) only with a hop limit of 2 or more.
        return options.HttpPutResponseHopLimit is > 1 ? $"IMDSv2 hop limit {options.HttpPutResponseHopLimit}" : null;
    }

    private static AwsRole? NodeRole(AwsInventory aws, AwsNode node)
    {
        if (aws.Nodegroup(node.NodegroupName)?.NodeRole is { } arn && aws.Role(arn) is { } role) return role;
        return aws.Roles.FirstOrDefault(r => r.Uses.Any(u => u.Kind == AwsRoleUseKind.NodeRole && (u.Subject == node.NodeName || u.Subject == node.NodegroupName || u.Subject == node.InstanceId)));
    }

    private static bool EgressBlocked(NetworkPolicyIndex index, WorkloadRecord workload)
    {
        var isolated = false;
        foreach (var policy in index.Selecting(workload))
        {
            if (!policy.AffectsEgress)
                continue;
            if (index.FirstEgressRuleAllowing(policy, Imds, 80) >= 0)
                return false;
            isolated = true;
        }

        return isolated;
    }
}
