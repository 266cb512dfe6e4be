using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Model;

namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// The ASFF <c>Resources</c> of a finding: the resource it is about first, with the ASFF type of that AWS resource
/// (AwsEksCluster, AwsEcrRepository, AwsEc2Instance, AwsEc2SecurityGroup, AwsEc2Vpc, AwsIamRole, AwsEcsCluster,
/// AwsEcsService, AwsEcsTaskDefinition, AwsElbv2LoadBalancer) or <c>Other</c> with the Kubernetes kind, namespace and name for Kubernetes
/// objects; then the AWS resources its details name (the ECR image a workload runs, a node's EC2 instance, an IAM role)
/// and the EKS cluster, so a Security Hub filter on any of them finds the finding.
/// </summary>
public static partial class AsffResources
{
    public const string Other = "Other";

    public static JsonArray For(Finding finding, AsffSource source)
    {
        var details = finding.Details;
        var resources = new List<JsonObject> { LoadBalancer(finding.Resource, details, source) ?? Primary(finding.Resource, source) };
        if (details is not null)
        {
            if (EcrImage(details, source) is { } image)
                resources.Add(image);
            if (details.TryGetValue("instanceId", out var instance) && instance.StartsWith("i-", StringComparison.Ordinal))
                resources.Add(Aws("AwsEc2Instance", $"arn:{source.Partition}:ec2:{source.Region}:{source.AccountId}:instance/{instance}", source, null));
            if (details.TryGetValue("roleArn", out var role) && AwsArn.TryParse(role, out var roleArn) && roleArn.Service == "iam")
                resources.Add(Aws("AwsIamRole", role, source, new JsonObject { ["AwsIamRole"] = new JsonObject { ["RoleName"] = roleArn.ResourceName } }));
        }

        resources.Add(Cluster(source));
        var distinct = resources.DistinctBy(r => (string)r["Type"]! + "|" + (string)r["Id"]!).Take(AsffLimits.Resources);
        return new JsonArray([.. distinct]);
    }

    private static JsonObject Primary(ResourceRef resource, AsffSource source)
    {
        var (p, region, account) = (source.Partition, source.Region, source.AccountId);
        return (resource.ApiVersion, resource.Kind) switch
        {
            ("eks.amazonaws.com", "Cluster") => Cluster(source with { ClusterName = resource.Name, ClusterArn = $"arn:{p}:eks:{region}:{account}:cluster/{resource.Name}" }),
            ("ecr.amazonaws.com", "Repository") => EcrRepository(resource.Name, source),
            ("ec2.amazonaws.com", "Instance") => Aws("AwsEc2Instance", $"arn:{p}:ec2:{region}:{account}:instance/{resource.Name}", source, null),
            ("ec2.amazonaws.com", "SecurityGroup") => Aws("AwsEc2SecurityGroup", $"arn:{p}:ec2:{region}:{account}:security-group/{resource.Name}", source,
                new JsonObject { ["AwsEc2SecurityGroup"] = new JsonObject { ["GroupId"] = resource.Name } }),
            ("ec2.amazonaws.com", "Vpc") => Aws("AwsEc2Vpc", $"arn:{p}:ec2:{region}:{account}:vpc/{resource.Name}", source, null),
            ("iam.amazonaws.com", "Role") when AwsArn.TryParse(resource.Name, out var role) => Aws("AwsIamRole", resource.Name, source,
                new JsonObject { ["AwsIamRole"] = new JsonObject { ["RoleName"] = role.ResourceName } }),
            ("ecs.amazonaws.com", "Cluster") when AwsArn.TryParse(resource.Name, out var cluster) => Aws("AwsEcsCluster", resource.Name, source,
                new JsonObject { ["AwsEcsCluster"] = new JsonObject { ["ClusterName"] = cluster.ResourceName } }),
            ("ecs.amazonaws.com", "Service") when AwsArn.TryParse(resource.Name, out var service) => Aws("AwsEcsService", resource.Name, source,
                new JsonObject { ["AwsEcsService"] = new JsonObject { ["ServiceArn"] = resource.Name, ["Name"] = service.ResourceName } }),
            ("ecs.amazonaws.com", "TaskDefinition") => Aws("AwsEcsTaskDefinition", resource.Name, source, null),
            _ => Kubernetes(resource, source),
        };
    }

    /// <summary>A Kubernetes object (or an EKS object with no ASFF type: node group, access entry): Other, identified under the cluster's ARN.</summary>
    private static JsonObject Kubernetes(ResourceRef resource, AsffSource source)
    {
        var id = resource.Namespace is null
            ? $"{source.ClusterArn}/{resource.Kind}/{resource.Name}"
            : $"{source.ClusterArn}/{resource.Kind}/{resource.Namespace}/{resource.Name}";
        var other = new JsonObject
        {
            ["kubernetes/cluster"] = AsffLimits.Fit(source.ClusterName, AsffLimits.OtherDetailValue),
            ["kubernetes/apiVersion"] = AsffLimits.Fit(resource.ApiVersion, AsffLimits.OtherDetailValue),
            ["kubernetes/kind"] = AsffLimits.Fit(resource.Kind, AsffLimits.OtherDetailValue),
        };
        if (resource.Namespace is { Length: > 0 } ns)
            other["kubernetes/namespace"] = AsffLimits.Fit(ns, AsffLimits.OtherDetailValue);
        if (resource.Name.Length > 0)
            other["kubernetes/name"] = AsffLimits.Fit(resource.Name, AsffLimits.OtherDetailValue);
        return new JsonObject
        {
            ["Type"] = Other,
            ["Id"] = AsffIds.Fit(id),
            ["Partition"] = source.Partition,
            ["Region"] = source.Region,
            ["Details"] = new JsonObject { ["Other"] = other },
        };
    }

    /// <summary>An ELBv2 load balancer (named by its name; its ARN, DNS name, scheme and type are in the finding's details).</summary>
    private static JsonObject? LoadBalancer(ResourceRef resource, IReadOnlyDictionary<string, string>? details, AsffSource source)
    {
        if (resource is not { ApiVersion: "elasticloadbalancing.amazonaws.com", Kind: "LoadBalancer" } || details?.GetValueOrDefault("loadBalancerArn") is not { Length: > 0 } arn)
            return null;
        var elb = new JsonObject();
        foreach (var (field, key) in (ReadOnlySpan<(string, string)>)[("DNSName", "dnsName"), ("Scheme", "scheme"), ("Type", "type")])
        {
            if (details.GetValueOrDefault(key) is { Length: > 0 } value)
                elb[field] = value;
        }

        return Aws("AwsElbv2LoadBalancer", arn, source, new JsonObject { ["AwsElbv2LoadBalancer"] = elb });
    }

    private static JsonObject Cluster(AsffSource source) => Aws("AwsEksCluster", source.ClusterArn, source,
        new JsonObject { ["AwsEksCluster"] = new JsonObject { ["Name"] = source.ClusterName, ["Arn"] = source.ClusterArn } });

    private static JsonObject EcrRepository(string registryAndName, AsffSource source)
    {
        var slash = registryAndName.IndexOf('/', StringComparison.Ordinal);
        var (registry, name) = slash > 0 ? (registryAndName[..slash], registryAndName[(slash + 1)..]) : (source.AccountId, registryAndName);
        var arn = $"arn:{source.Partition}:ecr:{source.Region}:{registry}:repository/{name}";
        return Aws("AwsEcrRepository", arn, source, new JsonObject { ["AwsEcrRepository"] = new JsonObject { ["Arn"] = arn, ["RepositoryName"] = name } });
    }

    /// <summary>The ECR image a finding's details name (registryId or the image's registry host, repository, digest).</summary>
    private static JsonObject? EcrImage(IReadOnlyDictionary<string, string> details, AsffSource source)
    {
        if (!details.TryGetValue("repository", out var repository) || repository.Length == 0
            || !details.TryGetValue("digest", out var digest) || !digest.StartsWith("sha256:", StringComparison.Ordinal))
            return null;
        var registry = details.GetValueOrDefault("registryId");
        var region = source.Region;
        if (details.TryGetValue("image", out var image) && EcrHost().Match(image) is { Success: true } host)
        {
            registry ??= host.Groups["account"].Value;
            region = host.Groups["region"].Value;
        }

        if (string.IsNullOrEmpty(registry))
            return null;
        return Aws("AwsEcrContainerImage", $"arn:{source.Partition}:ecr:{region}:{registry}:repository/{repository}/{digest}", source with { Region = region },
            new JsonObject
            {
                ["AwsEcrContainerImage"] = new JsonObject { ["RegistryId"] = registry, ["RepositoryName"] = repository, ["ImageDigest"] = digest },
            });
    }

    private static JsonObject Aws(string type, string id, AsffSource source, JsonObject? details)
    {
        var resource = new JsonObject { ["Type"] = type, ["Id"] = AsffIds.Fit(id), ["Partition"] = source.Partition, ["Region"] = source.Region };
        if (details is not null)
            resource["Details"] = details;
        return resource;
    }

    [GeneratedRegex(@"^(?<account>[0-9]{12})\.dkr\.ecr(-fips)?\.(?<region>[a-z0-9-]+)\.amazonaws\.com(\.cn)?/")]
    private static partial Regex EcrHost();
}
