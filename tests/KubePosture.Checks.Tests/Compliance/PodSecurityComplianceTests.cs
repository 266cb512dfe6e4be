using KubePosture.Checks.Compliance;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Exceptions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Compliance;

/// <summary>The pss-baseline and pss-restricted controls are decided by the Pod Security evaluator at each namespace's version.</summary>
public class PodSecurityComplianceTests
{
    private static ControlResult Control(string framework, string control, ClusterInventory inventory, IReadOnlyList<ExceptionRecord>? exceptions = null)
    {
        var engine = CheckEngine.Run(inventory, CheckSelection.All);
        var outcome = ExceptionMatcher.Apply(engine.Findings, exceptions ?? [], inventory, allowAnnotations: false, Now, "kubeposture");
        return ComplianceEvaluator.Evaluate(FrameworkCatalog.Find(framework)!, ComplianceEvidence.From(engine, inventory, outcome))
            .Controls.Single(c => c.Control.Id == control);
    }

    private static NamespaceRecord Pinned(string version) =>
        Namespace("team-a", ("pod-security.kubernetes.io/enforce", "restricted"), ("pod-security.kubernetes.io/enforce-version", version));

    [Fact]
    public void Each_level_s_rows_are_exactly_the_controls_admission_checks_at_every_version()
    {
        foreach (var (id, level) in new[] { ("pss-baseline", PodSecurityLevel.Baseline), ("pss-restricted", PodSecurityLevel.Restricted) })
        {
            var rows = FrameworkCatalog.Find(id)!.Controls.Select(c => ((ControlAssessment.Automated)c.Assessment).PodSecurity!).ToList();
            Assert.All(rows, r => Assert.Equal(level, r.Level));
            for (var minor = 0; minor <= PodSecurityVersion.NewestMinor; minor++)
            {
                var version = PodSecurityVersion.V1(minor);
                var decided = rows.SelectMany(r => r.At(version)).Select(c => c.Id).ToList();
                Assert.Equal(decided.Count, decided.Distinct(StringComparer.Ordinal).Count());
                Assert.Equal(PodSecurityStandards.ControlsOf(level, version).Select(c => c.Id).Order(StringComparer.Ordinal), decided.Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void An_seLinux_type_outside_the_allowed_set_fails_baseline_seLinuxOptions_though_no_check_reports_it()
    {
        var w = Workload().WithSpec(s => s with { SecurityContext = s.SecurityContext with { SeLinuxType = "spc_t" } });
        var r = Control("pss-baseline", "seLinuxOptions", Cluster([w]));
        Assert.Equal(ControlOutcome.Fail, r.Outcome);
        Assert.Contains("Deployment team-a/web", r.Reason, StringComparison.Ordinal);
        Assert.Equal(ControlOutcome.Pass, Control("pss-baseline", "seLinuxOptions", Cluster([Workload()])).Outcome);
    }

    [Fact]
    public void A_restricted_volume_type_fails_restrictedVolumes_and_hostPath_fails_it_with_its_finding()
    {
        var nfs = Workload().WithSpec(s => s with { Volumes = [new VolumeRecord("n", "nfs", null, null)] });
        Assert.Equal(ControlOutcome.Fail, Control("pss-restricted", "restrictedVolumes", Cluster([nfs])).Outcome);
        Assert.Equal(ControlOutcome.Pass, Control("pss-baseline", "hostPathVolumes", Cluster([nfs])).Outcome);

        var hostPath = Workload(name: "agent").WithSpec(s => s with { Volumes = [new VolumeRecord("h", "hostPath", "/var/log", null)] });
        var r = Control("pss-restricted", "restrictedVolumes", Cluster([hostPath]));
        Assert.Equal(ControlOutcome.Fail, r.Outcome);
        Assert.Equal(["pod.host-path"], r.Findings.Select(f => f.CheckId));
    }

    [Fact]
    public void A_namespace_pinned_before_a_control_existed_passes_it_and_is_held_to_the_rule_its_version_has()
    {
        // Adding CHOWN (in the runtime's default set) breaks capabilities_restricted (v1.22+) but not capabilities_baseline.
        var chown = Workload().WithContainers(c => c.With(sc => sc with { CapabilitiesAdd = ["CHOWN"] }));
        Assert.Equal(ControlOutcome.Fail, Control("pss-restricted", "capabilities_restricted", Cluster([chown], namespaces: [Pinned("latest")])).Outcome);
        Assert.Equal(ControlOutcome.Pass, Control("pss-restricted", "capabilities_restricted", Cluster([chown], namespaces: [Pinned("v1.21")])).Outcome);
        var sysAdmin = Workload().WithContainers(c => c.With(sc => sc with { CapabilitiesAdd = ["SYS_ADMIN"] }));
        Assert.Equal(ControlOutcome.Fail, Control("pss-restricted", "capabilities_restricted", Cluster([sysAdmin], namespaces: [Pinned("v1.21")])).Outcome);

        var probeHost = Workload().WithContainers(c => c with { HandlerHosts = [new HandlerHostRecord("livenessProbe.httpGet.host", "10.0.0.1")] });
        Assert.Equal(ControlOutcome.Fail, Control("pss-baseline", "hostProbesAndHostLifecycle", Cluster([probeHost])).Outcome);
        Assert.Equal(ControlOutcome.Pass, Control("pss-baseline", "hostProbesAndHostLifecycle", Cluster([probeHost], namespaces: [Pinned("v1.33")])).Outcome);
    }

    [Fact]
    public void A_failed_control_names_the_first_three_failing_workloads_and_counts_the_rest()
    {
        var hostPid = Enumerable.Range(1, 5).Select(i => Workload(name: $"w{i}").WithSpec(s => s with { HostPid = true }));
        var r = Control("pss-baseline", "hostNamespaces", Cluster([.. hostPid, Workload(name: "clean")]));
        Assert.Equal(ControlOutcome.Fail, r.Outcome);
        Assert.EndsWith("5 workload(s) break hostNamespaces at their namespace's Pod Security version: Deployment team-a/w1, Deployment team-a/w2, Deployment team-a/w3 and 2 more", r.Reason, StringComparison.Ordinal);
        Assert.Equal(5, r.Findings.Count);
    }

    [Fact]
    public void A_namespaced_scan_decides_the_controls_from_its_own_namespaces_workloads_only()
    {
        var elsewhere = Workload(ns: "team-b", name: "agent").WithSpec(s => s with { HostPid = true });
        var scope = ClusterScope("team-a") with { ClusterScoped = false };
        Assert.Equal(ControlOutcome.Pass, Control("pss-baseline", "hostNamespaces", Cluster([Workload(), elsewhere], scope: scope)).Outcome);

        var here = Workload(name: "agent").WithSpec(s => s with { HostPid = true });
        var r = Control("pss-baseline", "hostNamespaces", Cluster([here, elsewhere], scope: scope));
        Assert.Equal(ControlOutcome.Fail, r.Outcome);
        Assert.EndsWith("1 workload(s) break hostNamespaces at their namespace's Pod Security version: Deployment team-a/agent", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_workloads_leave_a_control_not_evaluated_but_a_known_failure_stands()
    {
        var unreadable = new Dictionary<string, SourceProblem> { [InventorySource.Pods] = new(SourceProblemKind.Forbidden, "pods is forbidden") };
        var r = Control("pss-baseline", "seLinuxOptions", Cluster([Workload()]) with { UnavailableSources = unreadable });
        Assert.Equal(ControlOutcome.NotEvaluated, r.Outcome);
        Assert.Contains(InventorySource.Pods, r.Reason, StringComparison.Ordinal);

        var hostPid = Workload().WithSpec(s => s with { HostPid = true });
        Assert.Equal(ControlOutcome.Fail, Control("pss-baseline", "hostNamespaces", Cluster([hostPid]) with { UnavailableSources = unreadable }).Outcome);
        var noInventory = ComplianceEvaluator.Evaluate(FrameworkCatalog.Find("pss-baseline")!.Controls[0], ComplianceEvidence.From(CheckEngine.Run(Cluster([hostPid]), CheckSelection.All), null));
        Assert.Equal(ControlOutcome.NotEvaluated, noInventory.Outcome);
    }

    [Fact]
    public void Excepted_only_when_every_failing_workload_s_findings_are_excepted()
    {
        static ExceptionRecord Except(string check, string name) =>
            new("team-a", $"legacy-{name}", [check], [new ExceptionResourceMatch(Kind: "Deployment", Name: name)], "kept until Q3", Now.AddDays(30));
        var web = Workload().WithSpec(s => s with { HostPid = true });
        var db = Workload(name: "db").WithSpec(s => s with { HostIpc = true });

        Assert.Equal(ControlOutcome.Excepted, Control("pss-baseline", "hostNamespaces", Cluster([web]), [Except("pod.host-pid", "web")]).Outcome);
        var partly = Control("pss-baseline", "hostNamespaces", Cluster([web, db]), [Except("pod.host-pid", "web")]);
        Assert.Equal(ControlOutcome.Fail, partly.Outcome);
        Assert.Equal(["Deployment/db"], partly.Findings.Select(f => $"{f.Resource.Kind}/{f.Resource.Name}"));
        Assert.Equal(ControlOutcome.Excepted, Control("pss-baseline", "hostNamespaces", Cluster([web, db]), [Except("pod.host-pid", "web"), Except("pod.host-ipc", "db")]).Outcome);

        // No check reports seLinuxOptions: nothing to except, the control stays failed.
        var selinux = web.WithSpec(s => s with { SecurityContext = s.SecurityContext with { SeLinuxType = "spc_t" } });
        Assert.Equal(ControlOutcome.Fail, Control("pss-baseline", "seLinuxOptions", Cluster([selinux]), [Except("pod.*", "web")]).Outcome);
    }
}
