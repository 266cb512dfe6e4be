using KubePosture.Checks.Compliance;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Exceptions;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Compliance;

/// <summary>Each result kind from the one function that decides them, over hand-made evidence and real engine runs.</summary>
public class ComplianceEvaluatorTests
{
    private static readonly ComplianceControl TwoChecks = new("X.1", "two checks", "X", Responsibility.Customer,
        new ControlAssessment.Automated(["pod.host-pid", "pod.host-ipc"], "both host namespaces decide it"));

    private static Finding F(string check, string name = "web", Severity severity = Severity.High)
        => new(check, severity, new ResourceRef("apps/v1", "Deployment", "team-a", name), $"{check} on {name}");

    private static ComplianceEvidence Evidence(Finding[]? active = null, SuppressedFinding[]? suppressed = null, string[]? run = null,
        Dictionary<string, string>? notEvaluated = null, Dictionary<string, int>? belowMinimum = null)
        => new(active ?? [], suppressed ?? [], run ?? ["pod.host-pid", "pod.host-ipc"], notEvaluated ?? [], belowMinimum);

    [Fact]
    public void Pass_when_every_check_ran_and_found_nothing()
    {
        var r = ComplianceEvaluator.Evaluate(TwoChecks, Evidence());
        Assert.Equal(ControlOutcome.Pass, r.Outcome);
        Assert.Empty(r.Findings);
    }

    [Fact]
    public void Fail_lists_the_findings_of_its_checks_only()
    {
        var r = ComplianceEvaluator.Evaluate(TwoChecks, Evidence(active: [F("pod.host-pid"), F("pod.host-ipc", "db"), F("pod.privileged")]));
        Assert.Equal(ControlOutcome.Fail, r.Outcome);
        Assert.Equal(["pod.host-pid", "pod.host-ipc"], r.Findings.Select(f => f.CheckId));
        Assert.Contains("pod.host-pid (1 finding(s))", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_failure_stands_when_another_check_did_not_run()
    {
        var r = ComplianceEvaluator.Evaluate(TwoChecks, Evidence(active: [F("pod.host-pid")], run: ["pod.host-pid"], notEvaluated: new() { ["pod.host-ipc"] = "source pods unavailable: 403" }));
        Assert.Equal(ControlOutcome.Fail, r.Outcome);
    }

    [Fact]
    public void Findings_dropped_below_the_minimum_severity_still_fail_the_control()
    {
        var r = ComplianceEvaluator.Evaluate(TwoChecks, Evidence(belowMinimum: new() { ["pod.host-ipc"] = 2 }));
        Assert.Equal(ControlOutcome.Fail, r.Outcome);
        Assert.Contains("below the scan's minimum severity", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_evaluated_when_a_check_did_not_run_or_was_not_selected_never_pass()
    {
        var unavailable = ComplianceEvaluator.Evaluate(TwoChecks, Evidence(run: ["pod.host-pid"], notEvaluated: new() { ["pod.host-ipc"] = "source pods unavailable: 403" }));
        Assert.Equal(ControlOutcome.NotEvaluated, unavailable.Outcome);
        Assert.Contains("pod.host-ipc: source pods unavailable: 403", unavailable.Reason, StringComparison.Ordinal);

        var excluded = ComplianceEvaluator.Evaluate(TwoChecks, Evidence(run: ["pod.host-pid"]));
        Assert.Equal(ControlOutcome.NotEvaluated, excluded.Outcome);
        Assert.Contains("pod.host-ipc: not selected", excluded.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Excepted_when_every_failing_finding_is_suppressed_and_fail_when_one_is_not()
    {
        var suppressed = new SuppressedFinding(F("pod.host-pid"), "PostureException team-a/legacy", "accepted until the migration");
        var r = ComplianceEvaluator.Evaluate(TwoChecks, Evidence(suppressed: [suppressed]));
        Assert.Equal(ControlOutcome.Excepted, r.Outcome);
        Assert.Contains("PostureException team-a/legacy", r.Reason, StringComparison.Ordinal);
        Assert.Single(r.Findings);

        Assert.Equal(ControlOutcome.Fail, ComplianceEvaluator.Evaluate(TwoChecks, Evidence(active: [F("pod.host-ipc")], suppressed: [suppressed])).Outcome);
        // Suppressed findings do not hide a check that did not run.
        Assert.Equal(ControlOutcome.NotEvaluated, ComplianceEvaluator.Evaluate(TwoChecks, Evidence(suppressed: [suppressed], run: ["pod.host-pid"])).Outcome);
    }

    [Fact]
    public void Manual_and_aws_managed_are_reported_as_such_whatever_the_scan_found()
    {
        var manual = new ComplianceControl("M", "manual", "X", Responsibility.Shared, new ControlAssessment.Manual("look at the nodes yourself please"));
        var aws = new ComplianceControl("A", "aws", "X", Responsibility.Aws, new ControlAssessment.AwsManaged("AWS operates the control plane"));
        var evidence = Evidence(active: [F("pod.host-pid")]);
        Assert.Equal((ControlOutcome.Manual, "look at the nodes yourself please"), (ComplianceEvaluator.Evaluate(manual, evidence).Outcome, ComplianceEvaluator.Evaluate(manual, evidence).Reason));
        Assert.Equal(ControlOutcome.AwsManaged, ComplianceEvaluator.Evaluate(aws, evidence).Outcome);
    }

    [Fact]
    public void A_filter_counts_only_the_findings_it_matches()
    {
        var openOnly = new ComplianceControl("5.4.1", "restrict", "5.4", Responsibility.Customer,
            new ControlAssessment.Automated(["eks.endpoint-public"], "only open endpoints") { Filter = FindingFilter.AtLeast(Severity.High) });
        var run = new[] { "eks.endpoint-public" };
        Assert.Equal(ControlOutcome.Pass, ComplianceEvaluator.Evaluate(openOnly, Evidence(active: [F("eks.endpoint-public", severity: Severity.Medium)], run: run)).Outcome);
        Assert.Equal(ControlOutcome.Fail, ComplianceEvaluator.Evaluate(openOnly, Evidence(active: [F("eks.endpoint-public", severity: Severity.High)], run: run)).Outcome);
    }

    [Fact]
    public void Fsbp_filters_count_only_the_findings_their_control_is_about()
    {
        var fsbp = FrameworkCatalog.Find("aws-fsbp")!;
        ControlOutcome Decide(string control, params Finding[] active) =>
            ComplianceEvaluator.Evaluate(fsbp.Controls.Single(c => c.Id == control), Evidence(active: active, run: [.. active.Select(f => f.CheckId).Distinct()])).Outcome;
        Finding Volume(string name, Severity severity) => new("storage.volume-unencrypted", severity, new ResourceRef("v1", "PersistentVolume", null, name), name);
        Finding Key(string state) => new("kms.key-unusable", Severity.High, new ResourceRef("kms.amazonaws.com", "Key", null, state), state,
            new Dictionary<string, string> { ["keyState"] = state });

        // EC2.3 is encryption at rest: an EFS volume without TLS (Medium) does not fail it, an unencrypted EBS volume (High) does.
        Assert.Equal(ControlOutcome.Pass, Decide("EC2.3", Volume("pv-files", Severity.Medium)));
        Assert.Equal(ControlOutcome.Fail, Decide("EC2.3", Volume("pv-files", Severity.Medium), Volume("pv-ledger", Severity.High)));
        // KMS.3 is deletion: a disabled key does not fail it, a key pending deletion does.
        Assert.Equal(ControlOutcome.Pass, Decide("KMS.3", Key("Disabled")));
        Assert.Equal(ControlOutcome.Fail, Decide("KMS.3", Key("Disabled"), Key("PendingDeletion")));
    }

    [Fact]
    public void Pss_privileged_and_hostProcess_split_the_findings_of_one_check_by_field()
    {
        var privileged = Workload().WithContainers(c => c.With(sc => sc with { Privileged = true }));
        var result = ComplianceEvaluator.Evaluate(FrameworkCatalog.Find("pss-baseline")!, ComplianceEvidence.From(CheckEngine.Run(Cluster([privileged]), CheckSelection.All), Cluster([privileged])));
        Assert.Equal(ControlOutcome.Fail, result.Controls.Single(c => c.Control.Id == "privileged").Outcome);
        Assert.Equal(ControlOutcome.Pass, result.Controls.Single(c => c.Control.Id == "hostProcess").Outcome);
    }

    [Fact]
    public void Score_counts_not_evaluated_against_and_is_absent_when_nothing_was_decided()
    {
        var framework = new ComplianceFramework("t", "test", "1", "here",
        [
            TwoChecks with { Id = "a" },
            TwoChecks with { Id = "b", Assessment = new ControlAssessment.Automated(["pod.privileged"], "privileged decides it") },
            TwoChecks with { Id = "c", Assessment = new ControlAssessment.Automated(["pod.host-path"], "hostPath decides it") },
            TwoChecks with { Id = "d", Assessment = new ControlAssessment.Manual("a person decides this one") },
        ]);
        var result = ComplianceEvaluator.Evaluate(framework, Evidence(active: [F("pod.privileged")], run: ["pod.host-pid", "pod.host-ipc", "pod.privileged"]));
        Assert.Equal([ControlOutcome.Pass, ControlOutcome.Fail, ControlOutcome.NotEvaluated, ControlOutcome.Manual], result.Controls.Select(c => c.Outcome));
        Assert.Equal(33, result.Score);
        Assert.Equal("t 1: 1 pass, 1 fail, 0 excepted, 1 not-evaluated, 1 manual, 0 aws-managed; score 33", result.Headline);

        var nothing = ComplianceEvaluator.Evaluate(framework, Evidence(run: []));
        Assert.Null(nothing.Score);
        Assert.Equal(0, nothing.Count(ControlOutcome.Pass));
        Assert.Contains("score none (nothing evaluated)", nothing.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void Through_the_engine_a_namespaced_scan_leaves_cluster_controls_not_evaluated_and_a_min_severity_does_not_pass_them()
    {
        var cis = FrameworkCatalog.Find("cis-eks")!;
        var hostPid = Workload().WithSpec(s => s with { HostPid = true });
        var namespaced = Cluster([hostPid], scope: ClusterScope("team-a") with { ClusterScoped = false });
        var result = ComplianceEvaluator.Evaluate(cis, ComplianceEvidence.From(CheckEngine.Run(namespaced, CheckSelection.All), namespaced));
        Assert.Equal(ControlOutcome.Fail, result.Controls.Single(c => c.Control.Id == "4.2.2").Outcome);
        Assert.Equal(ControlOutcome.Pass, result.Controls.Single(c => c.Control.Id == "4.2.3").Outcome);
        Assert.Equal(ControlOutcome.NotEvaluated, result.Controls.Single(c => c.Control.Id == "4.1.3").Outcome);
        Assert.Equal(ControlOutcome.NotEvaluated, result.Controls.Single(c => c.Control.Id == "5.3.1").Outcome);
        Assert.Equal(ControlOutcome.AwsManaged, result.Controls.Single(c => c.Control.Id == "1").Outcome);
        Assert.Equal(ControlOutcome.Manual, result.Controls.Single(c => c.Control.Id == "3.2.1").Outcome);

        var high = CheckEngine.Run(Cluster([hostPid]), CheckSelection.All with { MinSeverity = Severity.Critical });
        var filtered = ComplianceEvaluator.Evaluate(cis, ComplianceEvidence.From(high, null));
        Assert.Equal(ControlOutcome.Fail, filtered.Controls.Single(c => c.Control.Id == "4.2.2").Outcome);
    }

    [Fact]
    public void Through_the_engine_and_exceptions_a_suppressed_finding_makes_the_control_excepted()
    {
        var inventory = Cluster([Workload().WithSpec(s => s with { HostPid = true })]);
        var engine = CheckEngine.Run(inventory, CheckSelection.All);
        var exception = new ExceptionRecord("team-a", "legacy", ["pod.host-pid"], [new ExceptionResourceMatch(Kind: "Deployment", Name: "web")], "kept until Q3", Now.AddDays(30));
        var outcome = ExceptionMatcher.Apply(engine.Findings, [exception], inventory, allowAnnotations: false, Now, "kubeposture");
        var r = ComplianceEvaluator.Evaluate(FrameworkCatalog.Find("cis-eks")!, ComplianceEvidence.From(engine, inventory, outcome));
        Assert.Equal(ControlOutcome.Excepted, r.Controls.Single(c => c.Control.Id == "4.2.2").Outcome);
    }
}
