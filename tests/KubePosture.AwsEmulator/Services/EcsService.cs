using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>Amazon ECS (awsJson1_1) from the fixture's ecs section.</summary>
public sealed class EcsService(AccountFixture fixture) : IEmulatedService
{
    public string Name => "ecs";

    public IReadOnlyCollection<string> Operations { get; } = ["ListClusters", "DescribeClusters", "ListServices", "DescribeServices", "DescribeTaskDefinition", "ListTasks", "DescribeTasks"];

    private IEnumerable<JsonObject> Clusters => AccountFixture.Objects(fixture.Section("ecs")["clusters"]);

    private string Arn(string resource) => $"arn:{fixture.Partition}:ecs:{fixture.Region}:{fixture.Account}:{resource}";

    public EmulatorResponse Handle(EmulatorRequest r) => r.Operation switch
    {
        "ListClusters" => List(r, Clusters.Select(c => Arn("cluster/" + AccountFixture.Str(c, "clusterName"))).ToList(), "clusterArns"),
        "DescribeClusters" => DescribeClusters(r),
        "ListServices" => List(r, Services(FindCluster(r.JsonString("cluster") ?? "default")).Select(s => ServiceArn(s.Cluster, s.Service)).ToList(), "serviceArns"),
        "DescribeServices" => DescribeServices(r),
        "DescribeTaskDefinition" => DescribeTaskDefinition(r),
        "ListTasks" => ListTasks(r),
        "DescribeTasks" => DescribeTasks(r),
        _ => throw new EmulatorErrorException(400, "UnknownOperationException", r.Operation),
    };

    private EmulatorResponse List(EmulatorRequest r, List<string> arns, string field)
    {
        var (items, next) = Paging.Page(arns, r.JsonString("nextToken"), r.JsonInt("maxResults"), fixture.PageSize);
        return Wire.Json(Paging.JsonBody(field, items.Select(a => (JsonNode?)a), next));
    }

    private static string NameOf(string nameOrArn) => nameOrArn.Contains('/', StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;

    private JsonObject FindCluster(string nameOrArn) =>
        Clusters.FirstOrDefault(c => AccountFixture.Str(c, "clusterName") == NameOf(nameOrArn))
        ?? throw new EmulatorErrorException(400, "ClusterNotFoundException", "Cluster not found.");

    private string ServiceArn(JsonObject cluster, JsonObject service) =>
        Arn($"service/{AccountFixture.Str(cluster, "clusterName")}/{AccountFixture.Str(service, "serviceName")}");

    private static IEnumerable<(JsonObject Cluster, JsonObject Service)> Services(JsonObject cluster) =>
        AccountFixture.Objects(cluster["services"]).Select(s => (cluster, s));

    private EmulatorResponse DescribeClusters(EmulatorRequest r)
    {
        var clusters = new JsonArray();
        var failures = new JsonArray();
        var wanted = (r.Json["clusters"] as JsonArray)?.Select(c => c!.GetValue<string>()).ToList() ?? ["default"];
        foreach (var w in wanted)
        {
            var c = Clusters.FirstOrDefault(x => AccountFixture.Str(x, "clusterName") == NameOf(w));
            if (c is null)
            {
                failures.Add(new JsonObject { ["arn"] = w.StartsWith("arn:", StringComparison.Ordinal) ? w : Arn("cluster/" + w), ["reason"] = "MISSING" });
                continue;
            }
            clusters.Add(new JsonObject
            {
                ["clusterArn"] = Arn("cluster/" + AccountFixture.Str(c, "clusterName")),
                ["clusterName"] = AccountFixture.Str(c, "clusterName"),
                ["status"] = AccountFixture.Str(c, "status") ?? "ACTIVE",
                ["registeredContainerInstancesCount"] = 0,
                ["runningTasksCount"] = 0,
                ["pendingTasksCount"] = 0,
                ["activeServicesCount"] = Services(c).Count(),
                ["settings"] = c["settings"]?.DeepClone() ?? new JsonArray(),
            });
        }
        return Wire.Json(new JsonObject { ["clusters"] = clusters, ["failures"] = failures });
    }

    private EmulatorResponse DescribeServices(EmulatorRequest r)
    {
        var cluster = FindCluster(r.JsonString("cluster") ?? "default");
        var services = new JsonArray();
        var failures = new JsonArray();
        foreach (var w in (r.Json["services"] as JsonArray)?.Select(s => s!.GetValue<string>()) ?? [])
        {
            var s = AccountFixture.Objects(cluster["services"]).FirstOrDefault(x => AccountFixture.Str(x, "serviceName") == NameOf(w));
            if (s is null)
            {
                failures.Add(new JsonObject { ["arn"] = w, ["reason"] = "MISSING" });
                continue;
            }
            var o = new JsonObject
            {
                ["serviceArn"] = ServiceArn(cluster, s),
                ["serviceName"] = AccountFixture.Str(s, "serviceName"),
                ["clusterArn"] = Arn("cluster/" + AccountFixture.Str(cluster, "clusterName")),
                ["status"] = "ACTIVE",
                ["desiredCount"] = s["desiredCount"]?.DeepClone() ?? 1,
                ["runningCount"] = s["desiredCount"]?.DeepClone() ?? 1,
                ["pendingCount"] = 0,
                ["launchType"] = AccountFixture.Str(s, "launchType") ?? "FARGATE",
                ["taskDefinition"] = Arn("task-definition/" + AccountFixture.Str(s, "taskDefinition")),
            };
            if (s["networkConfiguration"] is { } network) o["networkConfiguration"] = network.DeepClone();
            services.Add(o);
        }
        return Wire.Json(new JsonObject { ["services"] = services, ["failures"] = failures });
    }

    private string TaskArn(JsonObject cluster, JsonObject task) =>
        Arn($"task/{AccountFixture.Str(cluster, "clusterName")}/{AccountFixture.Str(task, "taskId")}");

    /// <summary>Tasks of a cluster from the fixture's clusters[].tasks (taskId, taskDefinition, lastStatus, group, containers).</summary>
    private static IEnumerable<JsonObject> Tasks(JsonObject cluster) => AccountFixture.Objects(cluster["tasks"]);

    private EmulatorResponse ListTasks(EmulatorRequest r)
    {
        var cluster = FindCluster(r.JsonString("cluster") ?? "default");
        var desired = r.JsonString("desiredStatus") ?? "RUNNING";
        var arns = Tasks(cluster).Where(t => (AccountFixture.Str(t, "desiredStatus") ?? "RUNNING") == desired).Select(t => TaskArn(cluster, t)).ToList();
        return List(r, arns, "taskArns");
    }

    private EmulatorResponse DescribeTasks(EmulatorRequest r)
    {
        var cluster = FindCluster(r.JsonString("cluster") ?? "default");
        var tasks = new JsonArray();
        var failures = new JsonArray();
        foreach (var w in (r.Json["tasks"] as JsonArray)?.Select(s => s!.GetValue<string>()) ?? [])
        {
            var t = Tasks(cluster).FirstOrDefault(x => AccountFixture.Str(x, "taskId") == NameOf(w));
            if (t is null)
            {
                failures.Add(new JsonObject { ["arn"] = w, ["reason"] = "MISSING" });
                continue;
            }
            var taskArn = TaskArn(cluster, t);
            var containers = new JsonArray();
            foreach (var c in AccountFixture.Objects(t["containers"]))
            {
                var o = (JsonObject)c.DeepClone();
                o["taskArn"] = taskArn;
                o["lastStatus"] ??= AccountFixture.Str(t, "lastStatus") ?? "RUNNING";
                containers.Add(o);
            }
            tasks.Add(new JsonObject
            {
                ["taskArn"] = taskArn,
                ["clusterArn"] = Arn("cluster/" + AccountFixture.Str(cluster, "clusterName")),
                ["taskDefinitionArn"] = Arn("task-definition/" + AccountFixture.Str(t, "taskDefinition")),
                ["lastStatus"] = AccountFixture.Str(t, "lastStatus") ?? "RUNNING",
                ["desiredStatus"] = AccountFixture.Str(t, "desiredStatus") ?? "RUNNING",
                ["group"] = AccountFixture.Str(t, "group"),
                ["launchType"] = AccountFixture.Str(t, "launchType") ?? "FARGATE",
                ["containers"] = containers,
            });
        }
        return Wire.Json(new JsonObject { ["tasks"] = tasks, ["failures"] = failures });
    }

    private EmulatorResponse DescribeTaskDefinition(EmulatorRequest r)
    {
        var wanted = NameOf(r.RequiredJsonString("taskDefinition"));
        var family = wanted.Split(':')[0];
        var candidates = AccountFixture.Objects(fixture.Section("ecs")["taskDefinitions"])
            .Where(t => AccountFixture.Str(t, "family") == family)
            .OrderByDescending(t => AccountFixture.Long(t["revision"]) ?? 1).ToList();
        var match = wanted.Contains(':', StringComparison.Ordinal)
            ? candidates.FirstOrDefault(t => (AccountFixture.Long(t["revision"]) ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture) == wanted.Split(':')[1])
            : candidates.FirstOrDefault();
        if (match is null) throw new EmulatorErrorException(400, "ClientException", "Unable to describe task definition.");
        var task = (JsonObject)match.DeepClone();
        var revision = AccountFixture.Long(task["revision"]) ?? 1;
        task["taskDefinitionArn"] = Arn($"task-definition/{family}:{revision}");
        task["revision"] = revision;
        task["status"] ??= "ACTIVE";
        var body = new JsonObject { ["taskDefinition"] = task };
        if (r.Json["include"] is JsonArray include && include.Any(i => i?.GetValue<string>() == "TAGS")) body["tags"] = new JsonArray();
        return Wire.Json(body);
    }
}
