using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using static KubePosture.Checks.Tests.Engine.Fakes;

namespace KubePosture.Checks.Tests.Engine;

public class CheckEngineTests
{
    [Fact]
    public void Runs_selected_checks_and_sorts_findings_worst_first()
    {
        var checks = new ICheck[]
        {
            Check("pod.a", Finding("pod.a", Deployment("a", "web"), Severity.Low)),
            Check("pod.b", Finding("pod.b", Deployment("a", "web"), Severity.Critical)),
            Check("rbac.c"),
        };

        var result = CheckEngine.Run(checks, MakeInventory(), CheckSelection.All);

        Assert.Equal(["pod.b", "pod.a"], result.Findings.Select(f => f.CheckId));
        Assert.Equal(["pod.a", "pod.b", "rbac.c"], result.ChecksRun);
        Assert.Empty(result.ChecksNotEvaluated);
    }

    [Fact]
    public void Checks_needing_an_unavailable_source_are_not_evaluated_with_the_reason()
    {
        var check = new FakeCheck(Descriptor("rbac.x", sources: [InventorySource.RoleBindings, InventorySource.ClusterRoles]), _ => throw new InvalidOperationException("must not run"));
        var inventory = MakeInventory(unavailable: new Dictionary<string, SourceProblem> { [InventorySource.ClusterRoles] = SourceProblem.Forbidden("no list/watch of clusterroles") });

        var result = CheckEngine.Run([check], inventory, CheckSelection.All);

        Assert.Empty(result.ChecksRun);
        Assert.Equal("source clusterroles.rbac.authorization.k8s.io unavailable: forbidden: no list/watch of clusterroles", result.ChecksNotEvaluated["rbac.x"]);
    }

    [Fact]
    public void Cluster_scoped_checks_do_not_run_in_a_tenant_scan_and_aws_checks_need_aws()
    {
        var clusterScoped = new FakeCheck(Descriptor("node.x", clusterScoped: true, sources: []), _ => throw new InvalidOperationException("must not run"));
        var aws = new FakeCheck(Descriptor("ecr.x", requiresAws: true, sources: []), _ => throw new InvalidOperationException("must not run"));

        var result = CheckEngine.Run([clusterScoped, aws], MakeInventory(Tenant("a")), CheckSelection.All);

        Assert.StartsWith("out of scope:", result.ChecksNotEvaluated["node.x"]);
        Assert.StartsWith("AWS not enabled:", result.ChecksNotEvaluated["ecr.x"]);
        Assert.Empty(result.ChecksRun);
    }

    [Fact]
    public void A_check_that_throws_is_not_evaluated_and_the_others_still_run()
    {
        static IEnumerable<Finding> Throwing(ClusterInventory inventory)
        {
            yield return Finding("pod.boom", Deployment("a", "web"));
            throw new InvalidOperationException("index out of range in rule 3");
        }

        var result = CheckEngine.Run([new FakeCheck(Descriptor("pod.boom"), Throwing), Check("pod.ok", Finding("pod.ok", Deployment("a", "web")))], MakeInventory(), CheckSelection.All);

        Assert.Equal("check failed: InvalidOperationException: index out of range in rule 3", result.ChecksNotEvaluated["pod.boom"]);
        Assert.Equal(["pod.ok"], result.ChecksRun);
        Assert.Equal(["pod.ok"], result.Findings.Select(f => f.CheckId));
    }

    [Fact]
    public void Duplicate_findings_collapse_keeping_the_worst_severity()
    {
        var web = Deployment("a", "web");
        var check = Check("pod.dup", Finding("pod.dup", web, Severity.Medium), Finding("pod.dup", web, Severity.High), Finding("pod.dup", web, Severity.High, "other message"));

        var result = CheckEngine.Run([check], MakeInventory(), CheckSelection.All);

        Assert.Equal([(Severity.High, "bad"), (Severity.High, "other message")], result.Findings.Select(f => (f.Severity, f.Message)));
    }

    [Fact]
    public void Duplicates_collapse_across_checks_when_a_check_writes_another_checks_id()
    {
        var web = Deployment("a", "web");
        var first = Finding("pod.dup", web, Severity.High) with { Details = new Dictionary<string, string> { ["from"] = "first" } };
        var equal = Finding("pod.dup", web, Severity.High) with { Details = new Dictionary<string, string> { ["from"] = "equal" } };
        var checks = new ICheck[]
        {
            Check("pod.dup", Finding("pod.dup", web, Severity.Low), first),
            Check("pod.other", equal, Finding("pod.dup", web, Severity.Medium), Finding("pod.other", web)),
            Check("pod.third", Finding("pod.other", web, Severity.Critical)),
        };

        var result = CheckEngine.Run(checks, MakeInventory(), CheckSelection.All);

        Assert.Equal([("pod.other", Severity.Critical), ("pod.dup", Severity.High)], result.Findings.Select(f => (f.CheckId, f.Severity)));
        Assert.Equal("first", result.Findings[1].Details!["from"]);
    }

    [Fact]
    public void Severity_overrides_apply_exact_before_glob_and_min_severity_filters_after()
    {
        var web = Deployment("a", "web");
        var checks = new ICheck[]
        {
            Check("pod.a", Finding("pod.a", web, Severity.Critical)),
            Check("pod.b", Finding("pod.b", web, Severity.Critical)),
            Check("rbac.c", Finding("rbac.c", web, Severity.Low)),
        };
        var selection = new CheckSelection
        {
            SeverityOverrides = new Dictionary<string, Severity> { ["pod.*"] = Severity.Low, ["pod.b"] = Severity.High, ["rbac.c"] = Severity.Medium },
            MinSeverity = Severity.Medium,
        };

        var result = CheckEngine.Run(checks, MakeInventory(), selection);

        Assert.Equal([("pod.b", Severity.High), ("rbac.c", Severity.Medium)], result.Findings.Select(f => (f.CheckId, f.Severity)));
        Assert.Equal(["pod.a", "pod.b", "rbac.c"], result.ChecksRun);
    }

    [Fact]
    public void Include_and_exclude_take_ids_globs_and_categories_and_exclude_wins()
    {
        var checks = new ICheck[]
        {
            new FakeCheck(Descriptor("pod.a"), _ => []),
            new FakeCheck(Descriptor("pod.b"), _ => []),
            new FakeCheck(Descriptor("rbac.c", category: CheckCategory.Rbac), _ => []),
            new FakeCheck(Descriptor("node.d", category: CheckCategory.Node), _ => []),
        };
        var selection = new CheckSelection { Include = ["pod.*", "rbac"], Exclude = ["pod.b"] };

        Assert.Equal(["pod.a", "rbac.c"], CheckEngine.Run(checks, MakeInventory(), selection).ChecksRun);
    }

    [Fact]
    public void A_tenant_scan_never_reports_objects_outside_its_namespaces()
    {
        var check = Check("pod.x",
            Finding("pod.x", Deployment("a", "web")),
            Finding("pod.x", Deployment("b", "web")),
            Finding("pod.x", new ResourceRef("v1", "Node", null, "n1")),
            Finding("pod.x", new ResourceRef("v1", "Namespace", null, "a")));

        var result = CheckEngine.Run([check], MakeInventory(Tenant("a")), CheckSelection.All);

        Assert.Equal(["Deployment/a/web", "Namespace/a"], result.Findings.Select(f => f.Resource.ToString()).Order());
    }

    [Fact]
    public void Objects_evaluated_counts_inventory_records()
    {
        var inventory = MakeInventory(workloads: [Workload(Deployment("a", "web")), Workload(Deployment("a", "api"))]);

        Assert.Equal(2, CheckEngine.Run([], inventory, CheckSelection.All).ObjectsEvaluated);
    }
}
