using KubePosture.Checks.Model;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// How AWS resources are named in findings: apiVersion is the service's DNS name (eks.amazonaws.com), Kind the
/// resource type, Name its name or id. Kubernetes objects linked to AWS (a node and its instance) stay Kubernetes refs.
/// </summary>
public static class AwsResources
{
    public static ResourceRef EksCluster(string name) => new("eks.amazonaws.com", "Cluster", null, name);

    public static ResourceRef EksNodegroup(string name) => new("eks.amazonaws.com", "Nodegroup", null, name);

    public static ResourceRef EksAccessEntry(string principalArn) => new("eks.amazonaws.com", "AccessEntry", null, principalArn);

    public static ResourceRef EcrRepository(string registryId, string name) => new("ecr.amazonaws.com", "Repository", null, $"{registryId}/{name}");

    public static ResourceRef Ec2Instance(string instanceId) => new("ec2.amazonaws.com", "Instance", null, instanceId);

    public static ResourceRef Ec2SecurityGroup(string groupId) => new("ec2.amazonaws.com", "SecurityGroup", null, groupId);

    public static ResourceRef Vpc(string vpcId) => new("ec2.amazonaws.com", "Vpc", null, vpcId);

    public static ResourceRef IamRole(string arn) => new("iam.amazonaws.com", "Role", null, arn);

    public static ResourceRef EcsCluster(string arn) => new("ecs.amazonaws.com", "Cluster", null, arn);

    public static ResourceRef EcsService(string arn) => new("ecs.amazonaws.com", "Service", null, arn);

    public static ResourceRef EcsTaskDefinition(string arn) => new("ecs.amazonaws.com", "TaskDefinition", null, arn);

    public static ResourceRef LaunchTemplate(string id) => new("ec2.amazonaws.com", "LaunchTemplate", null, id);

    public static ResourceRef KmsKey(string arn) => new("kms.amazonaws.com", "Key", null, arn);

    public static ResourceRef LoadBalancer(string name) => new("elasticloadbalancing.amazonaws.com", "LoadBalancer", null, name);

    public static ResourceRef LogGroup(string name) => new("logs.amazonaws.com", "LogGroup", null, name);

    public static ResourceRef Region(string region) => new("ec2.amazonaws.com", "Region", null, region);

    public static ResourceRef Node(string name) => new("v1", "Node", null, name);
}
