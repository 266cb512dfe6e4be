using KubePosture.Checks.Engine;
using KubePosture.Checks.Exceptions;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using static KubePosture.Checks.Tests.Engine.Fakes;
using Summary = KubePosture.Checks.Scoring.Scoring;

namespace KubePosture.Checks.Tests.Scoring;

public class ScoringTests
{
    private static EngineResult Result(IReadOnlyList<Finding> findings, params CheckDescriptor[] ran)
        => new(findings, [.. ran.Select(d => d.Id)], new Dictionary<string, string> { ["ecr.x"] = "AWS not enabled" }, 3) { Descriptors = ran };

    [Fact]
    public void Counts_active_findings_per_severity_and_failed_and_passed_checks()
    {
        var web = Deployment("a", "web");
        var findings = new[] { Finding("pod.a", web, Severity.Critical), Finding("pod.a", Deployment("a", "api"), Severity.High), Finding("pod.b", web, Severity.Low) };
        var engine = Result(findings, Descriptor("pod.a", Severity.Critical), Descriptor("pod.b", Severity.Low), Descriptor("pod.c", Severity.Medium));

        var summary = Summary.Summarize(engine, null, MakeInventory());

        Assert.Equal((1, 1, 0, 1, 0), (summary.Critical, summary.High, summary.Medium, summary.Low, summary.Info));
        Assert.Equal((2, 1, 1), (summary.FailedChecks, summary.PassedChecks, summary.NotEvaluatedChecks));
        // total weight 10 (pod.a worst Critical) + 1 (pod.b Low) + 3 (pod.c passed Medium) = 14, passed 3.
        Assert.Equal(21, summary.Score);
    }

    [Fact]
    public void Suppressed_findings_do_not_count_and_nothing_failing_scores_100()
    {
        var finding = Finding("pod.a", Deployment("a", "web"), Severity.Critical);
        var engine = Result([finding], Descriptor("pod.a", Severity.Critical));
        var exceptions = new ExceptionOutcome([], [new SuppressedFinding(finding, "PostureException a/x", "why")], new Dictionary<string, int>(), [], [], []);

        var summary = Summary.Summarize(engine, exceptions, MakeInventory());

        Assert.Equal((0, 1, 0, 1, 100), (summary.TotalFindings, summary.Suppressed, summary.FailedChecks, summary.PassedChecks, summary.Score));
    }

    [Fact]
    public void A_failing_critical_check_costs_more_than_failing_low_checks()
    {
        var web = Deployment("a", "web");
        var descriptors = new[] { Descriptor("c1", Severity.Critical), Descriptor("l1", Severity.Low), Descriptor("l2", Severity.Low), Descriptor("l3", Severity.Low) };

        var criticalFails = Summary.Summarize(Result([Finding("c1", web, Severity.Critical)], descriptors), null, MakeInventory()).Score;
        var lowsFail = Summary.Summarize(Result([Finding("l1", web, Severity.Low), Finding("l2", web, Severity.Low), Finding("l3", web, Severity.Low)], descriptors), null, MakeInventory()).Score;

        Assert.True(criticalFails < lowsFail, $"{criticalFails} < {lowsFail}");
        Assert.Equal(100, Summary.Summarize(Result([], []), null, MakeInventory()).Score);
    }

    [Fact]
    public void Pod_security_levels_are_counted_per_workload()
    {
        static ContainerRecord Container(ContainerSecurityContextRecord sc) => new("c", ContainerKind.Container, "nginx", sc, [], ResourcesRecord.None, [], []);
        var restrictedSc = ContainerSecurityContextRecord.Empty with { AllowPrivilegeEscalation = false, RunAsNonRoot = true, SeccompProfileType = "RuntimeDefault", CapabilitiesDrop = ["ALL"] };
        var spec = new PodSpecRecord(false, false, false, "default", null, PodSecurityContextRecord.Empty, [], []);
        var inventory = MakeInventory(workloads:
        [
            Workload(Deployment("a", "restricted"), spec: spec with { Containers = [Container(restrictedSc)] }),
            Workload(Deployment("a", "baseline"), spec: spec with { Containers = [Container(ContainerSecurityContextRecord.Empty)] }),
            Workload(Deployment("a", "privileged"), spec: spec with { HostNetwork = true, Containers = [Container(ContainerSecurityContextRecord.Empty)] }),
            Workload(Deployment("a", "privileged-2"), spec: spec with { Containers = [Container(ContainerSecurityContextRecord.Empty with { Privileged = true })] }),
        ]);

        var levels = Summary.Summarize(Result([]), null, inventory).PodSecurityLevels;

        Assert.Equal((2, 1, 1), (levels.Privileged, levels.Baseline, levels.Restricted));
    }
}
