using System.Text.Json.Nodes;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Json;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Ecs;

/// <summary>Amazon ECS over awsJson1_1 (target prefix AmazonEC2ContainerServiceV20141113). Cached for the describe TTL.</summary>
internal sealed class EcsClient(AwsJsonChannel channel, DescribeCache cache) : IEcsPort
{
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113";

    public Task<IReadOnlyList<string>> ListClustersAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcsListClusters, "", async ct => (IReadOnlyList<string>)await channel.PaginateAsync(Op.EcsListClusters,
            () => new JsonObject { ["maxResults"] = 100 }, p => p.Strings("clusterArns"), ct), cancellationToken);

    public Task<IReadOnlyList<EcsCluster>> DescribeClustersAsync(IReadOnlyList<string> clusterArns, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcsDescribeClusters, string.Join(',', clusterArns), async ct =>
        {
            var result = new List<EcsCluster>();
            foreach (var batch in clusterArns.Chunk(100))
            {
                var page = await channel.CallAsync(Op.EcsDescribeClusters, new JsonObject { ["clusters"] = JsonBody.Strings(batch), ["include"] = JsonBody.Strings(["SETTINGS"]) }, ct);
                result.AddRange(page.Array("clusters").Select(c => new EcsCluster(c.RequiredString("clusterName"), c.RequiredString("clusterArn"), c.String("status") ?? "",
                    c.Array("settings").Where(s => s.String("name") is not null).ToDictionary(s => s.String("name")!, s => s.String("value") ?? ""))));
            }
            return (IReadOnlyList<EcsCluster>)result;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListServicesAsync(string cluster, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcsListServices, cluster, async ct => (IReadOnlyList<string>)await channel.PaginateAsync(Op.EcsListServices,
            () => new JsonObject { ["cluster"] = cluster, ["maxResults"] = 100 }, p => p.Strings("serviceArns"), ct), cancellationToken);

    public Task<IReadOnlyList<EcsService>> DescribeServicesAsync(string cluster, IReadOnlyList<string> serviceArns, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcsDescribeServices, $"{cluster}|{string.Join(',', serviceArns)}", async ct =>
        {
            var result = new List<EcsService>();
            foreach (var batch in serviceArns.Chunk(10))
            {
                var page = await channel.CallAsync(Op.EcsDescribeServices, new JsonObject { ["cluster"] = cluster, ["services"] = JsonBody.Strings(batch) }, ct);
                result.AddRange(page.Array("services").Select(s =>
                {
                    var vpc = s.Object("networkConfiguration")?.Object("awsvpcConfiguration");
                    return new EcsService(s.String("clusterArn") ?? cluster, s.RequiredString("serviceName"), s.RequiredString("serviceArn"), s.String("taskDefinition"),
                        s.String("launchType"), vpc?.String("assignPublicIp"), vpc?.Strings("securityGroups") ?? [], vpc?.Strings("subnets") ?? []);
                }));
            }
            return (IReadOnlyList<EcsService>)result;
        }, cancellationToken);

    public Task<EcsTaskDefinition> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcsDescribeTaskDefinition, taskDefinition, async ct =>
        {
            var t = (await channel.CallAsync(Op.EcsDescribeTaskDefinition, new JsonObject { ["taskDefinition"] = taskDefinition, ["include"] = JsonBody.Strings(["TAGS"]) }, ct))
                .RequiredObject("taskDefinition");
            return new EcsTaskDefinition(t.RequiredString("taskDefinitionArn"), t.RequiredString("family"), t.Int("revision") ?? 0,
                t.String("networkMode"), t.String("pidMode"), t.String("ipcMode"), t.String("taskRoleArn"), t.String("executionRoleArn"),
                t.Array("containerDefinitions").Select(c =>
                {
                    var log = c.Object("logConfiguration");
                    return new EcsContainerDefinition(c.RequiredString("name"), c.String("image"), c.Bool("privileged") ?? false,
                        c.Bool("readonlyRootFilesystem") ?? false, c.String("user"),
                        c.Array("environment").Where(e => e.String("name") is not null).GroupBy(e => e.String("name")!).ToDictionary(g => g.Key, g => g.First().String("value") ?? ""),
                        c.Array("secrets").Select(s => s.RequiredString("name")).ToArray(),
                        log?.String("logDriver"), log?.StringMap("options") ?? new Dictionary<string, string>());
                }).ToArray());
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListTasksAsync(string cluster, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcsListTasks, cluster, async ct => (IReadOnlyList<string>)await channel.PaginateAsync(Op.EcsListTasks,
            () => new JsonObject { ["cluster"] = cluster, ["desiredStatus"] = "RUNNING", ["maxResults"] = 100 }, p => p.Strings("taskArns"), ct), cancellationToken);

    public Task<IReadOnlyList<EcsTask>> DescribeTasksAsync(string cluster, IReadOnlyList<string> taskArns, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcsDescribeTasks, $"{cluster}|{string.Join(',', taskArns)}", async ct =>
        {
            var result = new List<EcsTask>();
            foreach (var batch in taskArns.Chunk(100))
            {
                var page = await channel.CallAsync(Op.EcsDescribeTasks, new JsonObject { ["cluster"] = cluster, ["tasks"] = JsonBody.Strings(batch) }, ct);
                result.AddRange(page.Array("tasks").Select(t => new EcsTask(t.String("clusterArn") ?? cluster, t.RequiredString("taskArn"),
                    t.RequiredString("taskDefinitionArn"), t.String("lastStatus"), t.String("group"), t.String("launchType"),
                    t.Array("containers").Select(c => new EcsTaskContainer(c.RequiredString("name"), c.String("image"), c.String("imageDigest"), c.String("lastStatus"))).ToArray())));
            }
            return (IReadOnlyList<EcsTask>)result;
        }, cancellationToken);
}
