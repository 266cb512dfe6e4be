using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Catalog.Ecr;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;
using static KubePosture.AwsChecks.Tests.Support.AwsBuild;

namespace KubePosture.AwsChecks.Tests;

/// <summary>ECS tasks linked to ECR findings: the digest a running task's container reports decides, not the tag.</summary>
public class EcsImageLinkTests
{
    private const string ClusterArn = $"arn:aws:ecs:{Region}:{Account}:cluster/web";
    private const string ServiceArn = $"arn:aws:ecs:{Region}:{Account}:service/web/frontend";
    private const string TaskDefinitionArn = $"arn:aws:ecs:{Region}:{Account}:task-definition/web:1";

    private static EcsTask Task(string group, string status = "RUNNING", string? digest = Digest, string tag = "1.0") =>
        new(ClusterArn, $"arn:aws:ecs:{Region}:{Account}:task/web/{Guid.NewGuid():N}", TaskDefinitionArn, status, group, "FARGATE",
            [new EcsTaskContainer("web", $"{Registry}/demo/api:{tag}", digest, status)]);

    private static AwsEcsCluster EcsCluster(params EcsTask[] tasks) =>
        new(new EcsCluster("web", ClusterArn, "ACTIVE", new Dictionary<string, string>()),
            [new EcsService(ClusterArn, "frontend", ServiceArn, TaskDefinitionArn, "FARGATE", "DISABLED", [], [])], tasks);

    private static KubePosture.Checks.Inventory.ClusterInventory With(params EcsTask[] tasks) =>
        Scan(Inventory(ecsClusters: [EcsCluster(tasks)], scans: [Scan(Key(), findings: Vulnerability("CVE-2026-0001")), Scan(Key(digest: OtherDigest))]));

    [Fact]
    public void A_service_task_running_a_vulnerable_digest_is_a_finding_on_the_service_once_whatever_the_task_count()
    {
        var findings = Run.Check<ImageVulnerableCheck>(With(Task("service:frontend"), Task("service:frontend")));

        var f = Assert.Single(findings);
        Assert.Equal(new ResourceRef("ecs.amazonaws.com", "Service", null, ServiceArn), f.Resource);
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Equal("CVE-2026-0001", f.Details!["topCves"]);
    }

    [Fact]
    public void A_standalone_task_is_attached_to_its_task_definition()
    {
        var f = Assert.Single(Run.Check<ImageVulnerableCheck>(With(Task("family:web"))));
        Assert.Equal(new ResourceRef("ecs.amazonaws.com", "TaskDefinition", null, TaskDefinitionArn), f.Resource);
    }

    [Fact]
    public void The_running_digest_decides_not_the_tag_and_stopped_tasks_do_not_count()
    {
        // Same tag, but the task runs the clean digest: no finding.
        Assert.Empty(Run.Check<ImageVulnerableCheck>(With(Task("service:frontend", digest: OtherDigest))));
        // A stopped task running the vulnerable digest is not running anything.
        Assert.Empty(Run.Check<ImageVulnerableCheck>(With(Task("service:frontend", status: "STOPPED"))));
        // Without a reported digest the tag cannot be trusted: nothing is linked.
        Assert.Empty(EcrLinks.EcsUses(With(Task("service:frontend", digest: null)).Aws!));
    }
}
