using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Catalog.Ecs;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using static KubePosture.AwsChecks.Tests.Support.AwsBuild;

namespace KubePosture.AwsChecks.Tests;

public class EcsCheckTests
{
    private static EcsContainerDefinition Hardened(string name = "app") =>
        new(name, $"{Registry}/demo/api:1.0", false, true, "1000", new Dictionary<string, string> { ["LOG_LEVEL"] = "info" }, ["API_TOKEN"], "awslogs",
            new Dictionary<string, string> { ["mode"] = "non-blocking" });

    private static EcsTaskDefinition Task(string family = "web", string? networkMode = "awsvpc", string? pidMode = null, params EcsContainerDefinition[] containers) =>
        new($"arn:aws:ecs:{Region}:{Account}:task-definition/{family}:1", family, 1, networkMode, pidMode, null, null, null, containers.Length == 0 ? [Hardened()] : containers);

    private static AwsEcsCluster EcsCluster(string insights = "enabled", params EcsService[] services) =>
        new(new EcsCluster("web", $"arn:aws:ecs:{Region}:{Account}:cluster/web", "ACTIVE", new Dictionary<string, string> { ["containerInsights"] = insights }), services);

    private static EcsService Service(string name = "frontend", string? publicIp = "DISABLED", string family = "web") =>
        new($"arn:aws:ecs:{Region}:{Account}:cluster/web", name, $"arn:aws:ecs:{Region}:{Account}:service/web/{name}",
            $"arn:aws:ecs:{Region}:{Account}:task-definition/{family}:1", "FARGATE", publicIp, ["sg-1"], ["subnet-a"]);

    private static KubePosture.Checks.Inventory.ClusterInventory With(EcsTaskDefinition td, AwsEcsCluster? cluster = null) =>
        Scan(Inventory(ecsClusters: [cluster ?? EcsCluster("enabled", Service())], taskDefinitions: [td]));

    [Fact, Covers("ecs.task-privileged", Outcome.Pass), Covers("ecs.task-root-user", Outcome.Pass), Covers("ecs.task-writable-root-fs", Outcome.Pass),
     Covers("ecs.task-host-namespaces", Outcome.Pass), Covers("ecs.task-secrets-in-env", Outcome.Pass), Covers("ecs.task-logging", Outcome.Pass),
     Covers("ecs.service-public-ip", Outcome.Pass), Covers("ecs.container-insights-off", Outcome.Pass)]
    public void A_hardened_task_definition_service_and_cluster_pass_every_ecs_check()
    {
        var inv = With(Task());
        Run.Passes<TaskPrivilegedCheck>(inv);
        Run.Passes<TaskRootUserCheck>(inv);
        Run.Passes<TaskWritableRootFsCheck>(inv);
        Run.Passes<TaskHostNamespacesCheck>(inv);
        Run.Passes<TaskSecretsInEnvironmentCheck>(inv);
        Run.Passes<TaskLoggingCheck>(inv);
        Run.Passes<ServicePublicIpCheck>(inv);
        Run.Passes<ClusterContainerInsightsCheck>(inv);
    }

    [Fact, Covers("ecs.task-privileged", Outcome.Fail)]
    public void Privileged_container_names_the_service_that_runs_it()
    {
        var f = Run.FailsOnce<TaskPrivilegedCheck>(With(Task(containers: Hardened() with { Privileged = true })));
        Assert.Equal(new ResourceRef("ecs.amazonaws.com", "TaskDefinition", null, $"arn:aws:ecs:{Region}:{Account}:task-definition/web:1"), f.Resource);
        Assert.Contains("used by service web/frontend", f.Message, StringComparison.Ordinal);
    }

    [Theory, Covers("ecs.task-root-user", Outcome.Fail)]
    [InlineData(null, "unset")]
    [InlineData("root", "root")]
    [InlineData("0:0", "0:0")]
    public void Root_user_forms_are_root(string? user, string shown)
    {
        var f = Run.FailsOnce<TaskRootUserCheck>(With(Task(containers: Hardened() with { User = user })));
        Assert.Contains($"(user {shown}) as root", f.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Medium, f.Severity);
        Assert.Equal(Severity.High, Run.FailsOnce<TaskRootUserCheck>(With(Task(networkMode: "host", containers: Hardened() with { User = user }))).Severity);
    }

    [Fact, Covers("ecs.task-writable-root-fs", Outcome.Fail)]
    public void Writable_root_filesystem_is_reported() =>
        Run.FailsOnce<TaskWritableRootFsCheck>(With(Task(containers: Hardened() with { ReadonlyRootFilesystem = false })));

    [Fact, Covers("ecs.task-host-namespaces", Outcome.Fail)]
    public void Host_network_and_pid_modes_are_one_finding()
    {
        var f = Run.FailsOnce<TaskHostNamespacesCheck>(With(Task(networkMode: "host", pidMode: "host")));
        Assert.Equal("networkMode: host,pidMode: host", f.Details!["modes"]);
    }

    [Fact, Covers("ecs.task-secrets-in-env", Outcome.Fail)]
    public void Literal_credentials_in_environment_are_reported_by_name_only()
    {
        var keys = Hardened() with { Environment = new Dictionary<string, string> { ["AWS_SECRET_ACCESS_KEY"] = "s3cr3t", ["LOG_LEVEL"] = "info" } };
        var f = Run.FailsOnce<TaskSecretsInEnvironmentCheck>(With(Task(containers: keys)));
        Assert.Equal(Severity.High, f.Severity);
        Assert.DoesNotContain("s3cr3t", f.Message, StringComparison.Ordinal);
        var password = Hardened() with { Environment = new Dictionary<string, string> { ["DB_PASSWORD"] = "x" } };
        Assert.Equal(Severity.Medium, Run.FailsOnce<TaskSecretsInEnvironmentCheck>(With(Task(containers: password))).Severity);
    }

    [Fact, Covers("ecs.task-logging", Outcome.Fail)]
    public void Missing_and_blocking_logging_are_graded()
    {
        Assert.Equal(Severity.Medium, Run.FailsOnce<TaskLoggingCheck>(With(Task(containers: Hardened() with { LogDriver = null }))).Severity);
        var blocking = Hardened() with { LogOptions = new Dictionary<string, string> { ["mode"] = "blocking" } };
        Assert.Equal(Severity.Low, Run.FailsOnce<TaskLoggingCheck>(With(Task(containers: blocking))).Severity);
    }

    [Fact, Covers("ecs.service-public-ip", Outcome.Fail)]
    public void Public_ip_service_is_reported() =>
        Assert.Equal("ecs.amazonaws.com", Run.FailsOnce<ServicePublicIpCheck>(With(Task(), EcsCluster("enabled", Service(publicIp: "ENABLED")))).Resource.ApiVersion);

    [Fact, Covers("ecs.container-insights-off", Outcome.Fail)]
    public void Cluster_without_container_insights_is_reported() =>
        Assert.Contains("containerInsights: disabled", Run.FailsOnce<ClusterContainerInsightsCheck>(With(Task(), EcsCluster("disabled", Service()))).Message, StringComparison.Ordinal);
}
