using KubePosture.Checks.Catalog.Ecs;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Catalog.Linked;

public sealed class EcsPublicAdminTaskCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "linked.ecs-public-admin-task",
        Title: "Public ECS service runs tasks with an administrator role",
        Category: CheckCategory.Linked,
        DefaultSeverity: Severity.Critical,
        Description: "Chains an ECS service whose tasks get public IP addresses (assignPublicIp ENABLED) to its task definition and the task role its containers receive, and that role's policies: when the role allows * on * (as iam.role-wildcard's admin case), a compromise of an internet-reachable task is a compromise of the AWS account. Each finding lists the chain service -> task definition -> task role -> grant.",
        Remediation: "Give the task a role with only the actions and resources it calls, and run the service in private subnets behind a load balancer (assignPublicIp DISABLED).",
        References: [References.EksIdentity, "Amazon ECS task IAM role: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html"],
        Sources: [InventorySource.AwsEcs, "ecs:DescribeServices", "ecs:DescribeTaskDefinition", InventorySource.AwsIam, "iam:GetRolePolicy", "iam:GetPolicyVersion"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var cluster in aws.EcsClusters)
        {
            foreach (var service in cluster.Services.Where(s => string.Equals(s.AssignPublicIp, "ENABLED", StringComparison.Ordinal)))
            {
                var td = aws.EcsTaskDefinitions.FirstOrDefault(t => EcsFindings.Same(service.TaskDefinitionArn, t));
                if (td?.TaskRoleArn is not { } roleArn || aws.Role(roleArn) is not { } role) continue;
                if (LinkedEvidence.OverPrivilege(role, includeWildcards: false) is not { } why || !why.StartsWith("administrator", StringComparison.Ordinal)) continue;
                var details = LinkedEvidence.Chain(
                    $"ECS service {cluster.Cluster.Name}/{service.Name} (assignPublicIp ENABLED)",
                    $"task definition {td.Family}:{td.Revision}",
                    $"task role {role.Arn}",
                    why);
                details["roleArn"] = role.Arn;
                details["taskDefinitionArn"] = td.Arn;
                details["service"] = $"{cluster.Cluster.Name}/{service.Name}";
                yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, EcsFindings.Ref(service),
                    $"ECS service {cluster.Cluster.Name}/{service.Name} gives its tasks public IPs and runs task definition {td.Family}:{td.Revision}, whose task role {role.Name} is an {why}",
                    details);
            }
        }
    }
}
