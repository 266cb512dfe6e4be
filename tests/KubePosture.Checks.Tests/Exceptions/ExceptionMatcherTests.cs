using KubePosture.Checks.Exceptions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using static KubePosture.Checks.Tests.Engine.Fakes;

namespace KubePosture.Checks.Tests.Exceptions;

public class ExceptionMatcherTests
{
    private const string Control = "kubeposture-system";

    private static ExceptionRecord Exception(string ns, string name, string[] checks, ExceptionResourceMatch[]? resources = null, DateTimeOffset? expires = null)
        => new(ns, name, checks, resources ?? [], "legacy app, migration tracked in JIRA-1", expires ?? Now.AddDays(30));

    private static ExceptionOutcome Apply(IReadOnlyList<Finding> findings, IReadOnlyList<ExceptionRecord> exceptions, ClusterInventory? inventory = null, bool allowAnnotations = false)
        => ExceptionMatcher.Apply(findings, exceptions, inventory ?? MakeInventory(), allowAnnotations, Now, Control);

    [Fact]
    public void Check_globs_times_resource_globs_suppress_and_count()
    {
        var findings = new[]
        {
            Finding("pod.privileged", Deployment("a", "legacy-db")),
            Finding("pod.host-path", Deployment("a", "legacy-db")),
            Finding("pod.privileged", Deployment("a", "web")),
            Finding("rbac.wildcard", Deployment("a", "legacy-db")),
        };
        var exception = Exception("a", "legacy", ["pod.*"], [new ExceptionResourceMatch(Kind: "deployment", Name: "legacy-*")]);

        var outcome = Apply(findings, [exception]);

        Assert.Equal(["pod.privileged/web", "rbac.wildcard/legacy-db"], outcome.Active.Select(f => $"{f.CheckId}/{f.Resource.Name}"));
        Assert.Equal(2, outcome.Suppressed.Count);
        Assert.All(outcome.Suppressed, s => Assert.Equal(("PostureException a/legacy", "legacy app, migration tracked in JIRA-1"), (s.By, s.Justification)));
        Assert.Equal(2, outcome.MatchCounts["a/legacy"]);
        Assert.Empty(outcome.Unused);
        Assert.Empty(outcome.Expired);
    }

    [Fact]
    public void Expired_exceptions_stop_suppressing_and_are_reported()
    {
        var findings = new[] { Finding("pod.privileged", Deployment("a", "web")) };
        var expired = Exception("a", "old", ["pod.privileged"], expires: Now);

        var outcome = Apply(findings, [expired]);

        Assert.Single(outcome.Active);
        Assert.Empty(outcome.Suppressed);
        Assert.Equal([expired], outcome.Expired);
        Assert.Equal(0, outcome.MatchCounts["a/old"]);
        Assert.Empty(outcome.Unused);
    }

    [Fact]
    public void Unused_exceptions_are_flagged()
    {
        var unused = Exception("a", "stale", ["pod.host-pid"]);

        var outcome = Apply([Finding("pod.privileged", Deployment("a", "web"))], [unused]);

        Assert.Equal([unused], outcome.Unused);
    }

    [Fact]
    public void A_tenant_exception_suppresses_only_its_own_namespace_and_a_control_namespace_one_anything()
    {
        var findings = new[]
        {
            Finding("pod.privileged", Deployment("a", "web")),
            Finding("pod.privileged", Deployment("b", "web")),
            Finding("node.stale", new ResourceRef("v1", "Node", null, "n1")),
        };
        var tenant = Exception("a", "everything", ["*"], [new ExceptionResourceMatch(Namespace: "*")]);

        var tenantOutcome = Apply(findings, [tenant]);
        var controlOutcome = Apply(findings, [Exception(Control, "everything", ["*"])]);

        Assert.Equal(["Deployment/b/web", "Node/n1"], tenantOutcome.Active.Select(f => f.Resource.ToString()));
        Assert.Equal(1, tenantOutcome.MatchCounts["a/everything"]);
        Assert.Empty(controlOutcome.Active);
    }

    [Fact]
    public void Without_a_control_namespace_no_exception_reaches_beyond_its_namespace()
    {
        var findings = new[] { Finding("pod.privileged", Deployment("b", "web")) };

        var outcome = ExceptionMatcher.Apply(findings, [Exception(Control, "all", ["*"])], MakeInventory(), false, Now);

        Assert.Single(outcome.Active);
    }

    [Fact]
    public void Label_selectors_match_the_resource_labels_from_the_inventory()
    {
        var web = Deployment("a", "web");
        var api = Deployment("a", "api");
        var inventory = MakeInventory(workloads:
        [
            Workload(web, labels: new Dictionary<string, string> { ["legacy"] = "true" }),
            Workload(api, labels: new Dictionary<string, string> { ["legacy"] = "false" }),
        ]);
        var selector = new LabelSelector(new Dictionary<string, string> { ["legacy"] = "true" }, []);

        var outcome = Apply([Finding("pod.privileged", web), Finding("pod.privileged", api), Finding("pod.privileged", Deployment("a", "unknown"))],
            [Exception("a", "legacy", ["pod.privileged"], [new ExceptionResourceMatch(Selector: selector)])], inventory);

        Assert.Equal(["api", "unknown"], outcome.Active.Select(f => f.Resource.Name));
    }

    [Fact]
    public void Exempt_annotations_count_only_when_allowed_and_with_a_reason()
    {
        var web = Deployment("a", "web");
        var noReason = Deployment("a", "no-reason");
        var inventory = MakeInventory(workloads:
        [
            Workload(web, annotations: new Dictionary<string, string> { ["kubeposture.io/exempt"] = "pod.privileged, pod.host-*", ["kubeposture.io/exempt-reason"] = "CNI agent" }),
            Workload(noReason, annotations: new Dictionary<string, string> { ["kubeposture.io/exempt"] = "pod.privileged" }),
        ]);
        var findings = new[] { Finding("pod.privileged", web), Finding("pod.host-pid", web), Finding("pod.run-as-root", web), Finding("pod.privileged", noReason) };

        var allowed = Apply(findings, [], inventory, allowAnnotations: true);
        var denied = Apply(findings, [], inventory, allowAnnotations: false);

        Assert.Equal(["pod.run-as-root/web", "pod.privileged/no-reason"], allowed.Active.Select(f => $"{f.CheckId}/{f.Resource.Name}"));
        Assert.All(allowed.Suppressed, s => Assert.Equal(("annotation kubeposture.io/exempt on Deployment/a/web", "CNI agent"), (s.By, s.Justification)));
        Assert.Equal(["Deployment/a/no-reason: kubeposture.io/exempt without kubeposture.io/exempt-reason"], allowed.IgnoredAnnotations);
        Assert.Equal(4, denied.Active.Count);
        Assert.Equal(["Deployment/a/no-reason: annotation exemptions are not allowed by this scan", "Deployment/a/web: annotation exemptions are not allowed by this scan"], denied.IgnoredAnnotations);
    }

    [Fact]
    public void Every_matching_exception_counts_the_finding_and_the_first_one_is_credited()
    {
        var findings = new[] { Finding("pod.privileged", Deployment("a", "web")) };

        var outcome = Apply(findings, [Exception("a", "first", ["pod.privileged"]), Exception("a", "second", ["pod.*"])]);

        Assert.Equal("PostureException a/first", Assert.Single(outcome.Suppressed).By);
        Assert.Equal((1, 1), (outcome.MatchCounts["a/first"], outcome.MatchCounts["a/second"]));
        Assert.Empty(outcome.Unused);
    }
}
