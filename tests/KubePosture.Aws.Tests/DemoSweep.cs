using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Tests;

/// <summary>What a scan's AWS collection does on the demo account: every port operation, as a collector would call them.</summary>
public static class DemoSweep
{
    public static async Task RunAsync(IAwsSession aws, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        await aws.Sts.GetCallerIdentityAsync(ct);
        var repositories = await aws.Ecr.DescribeRepositoriesAsync(null, ct);
        await aws.Ecr.GetRegistryScanningConfigurationAsync(ct);
        await aws.Ecr.GetRepositoryScanningConfigurationsAsync(null, repositories.Select(r => r.Name).ToArray(), ct);
        foreach (var repo in repositories)
        {
            await aws.Ecr.GetRepositoryPolicyAsync(null, repo.Name, ct);
            await aws.Ecr.GetLifecyclePolicyAsync(null, repo.Name, ct);
        }
        await aws.Ecr.GetImageScansAsync(
        [
            new("111122223333", "demo/api", "sha256:1f3b4c2d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b"),
            new("111122223333", "demo/api", "sha256:2a2b2c2d2e2f202122232425262728292a2b2c2d2e2f20212223242526272829"),
            new("111122223333", "demo/worker", "sha256:3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c"),
            new("111122223333", "demo/batch", "sha256:4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d"),
        ], ct);

        var cluster = (await aws.Eks.DescribeClusterAsync("demo", ct))!;
        await aws.Eks.DescribeClusterVersionsAsync(ct);
        var roles = new HashSet<string>(StringComparer.Ordinal) { "demo-app-irsa" };
        foreach (var name in await aws.Eks.ListNodegroupsAsync("demo", ct))
        {
            var ng = await aws.Eks.DescribeNodegroupAsync("demo", name, ct);
            var family = ng.AmiType!.Contains("NVIDIA", StringComparison.Ordinal) ? "nvidia" : "standard";
            await aws.Ssm.GetParameterAsync($"/aws/service/eks/optimized-ami/{ng.Version}/amazon-linux-2023/x86_64/{family}/recommended/release_version", ct);
            roles.Add(AwsArn.Parse(ng.NodeRole!, "nodeRole").ResourceName);
        }
        foreach (var principal in await aws.Eks.ListAccessEntriesAsync("demo", ct))
        {
            await aws.Eks.DescribeAccessEntryAsync("demo", principal, ct);
            await aws.Eks.ListAssociatedAccessPoliciesAsync("demo", principal, ct);
        }
        foreach (var id in await aws.Eks.ListPodIdentityAssociationsAsync("demo", null, null, ct))
        {
            var association = await aws.Eks.DescribePodIdentityAssociationAsync("demo", id, ct);
            roles.Add(AwsArn.Parse(association.RoleArn!, "roleArn").ResourceName);
        }
        foreach (var addon in await aws.Eks.ListAddonsAsync("demo", ct))
        {
            await aws.Eks.DescribeAddonAsync("demo", addon, ct);
            await aws.Eks.DescribeAddonVersionsAsync(addon, cluster.Version, ct);
        }

        var instances = await aws.Ec2.DescribeClusterInstancesAsync("demo", ct);
        var ids = instances.Select(i => i.InstanceId).ToArray();
        await aws.Ec2.DescribeSecurityGroupsAsync(instances.SelectMany(i => i.SecurityGroupIds).Append(cluster.ClusterSecurityGroupId!).Distinct().ToArray(), ct);
        await aws.Ec2.DescribeFlowLogsAsync([cluster.VpcId!], ct);
        await aws.Ssm.DescribeInstancePatchStatesAsync(ids, ct);
        await aws.Ssm.DescribeInstanceInformationAsync(ids, ct);

        foreach (var role in roles) await aws.Iam.GetRolePermissionsAsync(role, ct);

        await aws.Ec2.DescribeLaunchTemplateVersionAsync("lt-0a1b2c3d4e5f60001", null, "$Default", ct);
        await aws.Ec2.GetEbsEncryptionByDefaultAsync(ct);
        await aws.Ec2.DescribeVolumesAsync(["vol-0a1b2c3d4e5f60001", "vol-0a1b2c3d4e5f60002"], ct);
        await aws.Kms.DescribeKeyAsync("arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", ct);
        await aws.Logs.DescribeLogGroupAsync("/aws/eks/demo/cluster", ct);
        foreach (var detector in await aws.GuardDuty.ListDetectorsAsync(ct))
        {
            await aws.GuardDuty.GetDetectorAsync(detector, ct);
            await aws.GuardDuty.GetClusterFindingsAsync(detector, "demo", ct);
        }
        await aws.Inspector.GetAccountStatusAsync("111122223333", ct);
        var loadBalancers = await aws.Elbv2.DescribeLoadBalancersAsync(ct);
        await aws.Elbv2.DescribeTagsAsync(loadBalancers.Select(lb => lb.Arn).ToList(), ct);
        foreach (var lb in loadBalancers)
        {
            await aws.Elbv2.DescribeListenersAsync(lb.Arn, ct);
            await aws.Elbv2.DescribeLoadBalancerAttributesAsync(lb.Arn, ct);
            if (lb.IsApplication) await aws.Wafv2.GetWebAclArnForResourceAsync(lb.Arn, ct);
        }

        var ecsClusters = await aws.Ecs.ListClustersAsync(ct);
        foreach (var c in await aws.Ecs.DescribeClustersAsync(ecsClusters, ct))
        {
            var tasks = await aws.Ecs.ListTasksAsync(c.Arn, ct);
            if (tasks.Count > 0)
            {
                foreach (var t in await aws.Ecs.DescribeTasksAsync(c.Arn, tasks, ct))
                    await aws.Ecs.DescribeTaskDefinitionAsync(t.TaskDefinitionArn, ct);
            }
            var services = await aws.Ecs.ListServicesAsync(c.Arn, ct);
            if (services.Count == 0) continue;
            foreach (var s in await aws.Ecs.DescribeServicesAsync(c.Arn, services, ct))
                await aws.Ecs.DescribeTaskDefinitionAsync(s.TaskDefinitionArn!, ct);
        }
    }
}
