using KubePosture.Aws.Json;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Eks;

/// <summary>EKS wire shapes to our records.</summary>
internal static class EksParsers
{
    public static EksCluster Cluster(JsonView c)
    {
        var vpc = c.Object("resourcesVpcConfig");
        return new EksCluster(
            c.RequiredString("name"),
            c.RequiredString("arn"),
            c.RequiredString("version"),
            c.String("platformVersion"),
            c.String("status") ?? "",
            vpc?.Bool("endpointPublicAccess") ?? true,
            vpc?.Bool("endpointPrivateAccess") ?? false,
            vpc?.Strings("publicAccessCidrs") ?? [],
            vpc?.String("vpcId"),
            vpc?.Strings("subnetIds") ?? [],
            vpc?.Strings("securityGroupIds") ?? [],
            vpc?.String("clusterSecurityGroupId"),
            c.Array("encryptionConfig").Select(e => new EksEncryptionConfig(e.Strings("resources"), e.Object("provider")?.String("keyArn"))).ToArray(),
            c.Object("logging")?.Array("clusterLogging").Select(l => new EksLogSetting(l.Strings("types"), l.Bool("enabled") ?? false)).ToArray() ?? [],
            c.Object("accessConfig")?.String("authenticationMode"),
            c.Object("identity")?.Object("oidc")?.String("issuer"),
            c.Object("upgradePolicy")?.String("supportType"),
            c.StringMap("tags"))
        {
            DeletionProtection = c.Bool("deletionProtection"),
        };
    }

    public static EksNodegroup Nodegroup(JsonView n)
    {
        var remote = n.Object("remoteAccess");
        var resources = n.Object("resources");
        return new EksNodegroup(
            n.String("clusterName") ?? "",
            n.RequiredString("nodegroupName"),
            n.String("nodegroupArn") ?? "",
            n.String("version"),
            n.String("releaseVersion"),
            n.String("amiType"),
            n.String("status") ?? "",
            n.String("capacityType"),
            n.Strings("instanceTypes"),
            n.Strings("subnets"),
            n.String("nodeRole"),
            remote?.String("ec2SshKey"),
            remote?.Strings("sourceSecurityGroups") ?? [],
            resources?.String("remoteAccessSecurityGroup"),
            resources?.Array("autoScalingGroups").Select(a => a.String("name") ?? "").ToArray() ?? [])
        {
            LaunchTemplate = n.Object("launchTemplate") is { } lt ? new EksLaunchTemplateRef(lt.String("id"), lt.String("name"), lt.String("version")) : null,
        };
    }
}
