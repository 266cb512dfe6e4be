using KubePosture.Checks.Catalog.Pod;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;
using KubePosture.Checks.Tests.Support;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Semantics.PodSecurity;

public class NamespacePodSecurityTests
{
    private static NamespacePodSecurity Policy(params (string Key, string Value)[] labels) =>
        NamespacePodSecurity.FromLabels(labels.ToDictionary(l => "pod-security.kubernetes.io/" + l.Key, l => l.Value));

    [Fact]
    public void Unlabelled_is_privileged_at_latest_in_every_mode()
    {
        var p = Policy();
        Assert.Equal("privileged:latest", p.Enforce.ToString());
        Assert.Equal("privileged:latest", p.Audit.ToString());
        Assert.Equal("privileged:latest", p.Warn.ToString());
    }

    [Theory]
    [InlineData("v1.0", "v1.0")]
    [InlineData("v1.33", "v1.33")]
    [InlineData("v1.99", "v1.99")]
    [InlineData("latest", "latest")]
    [InlineData("v1.033", "latest")]
    [InlineData("1.33", "latest")]
    [InlineData("v1.33.1", "latest")]
    [InlineData("v2.0", "latest")]
    [InlineData("", "latest")]
    public void Versions_parse_as_admission_parses_them(string label, string expected) =>
        Assert.Equal(expected, Policy(("enforce", "baseline"), ("enforce-version", label)).Enforce.Version.ToString());

    [Fact]
    public void A_version_newer_than_the_newest_known_is_evaluated_with_the_newest_rules()
    {
        Assert.Equal(PodSecurityVersion.NewestMinor, PodSecurityVersion.V1(99).EffectiveMinor);
        Assert.Equal(PodSecurityVersion.NewestMinor, PodSecurityVersion.Latest.EffectiveMinor);
    }

    [Fact]
    public void Invalid_enforce_fails_closed_invalid_audit_and_warn_fail_open()
    {
        var p = Policy(("enforce", "Baseline"), ("audit", "strict"), ("warn", "x"));
        Assert.Equal(PodSecurityLevel.Restricted, p.Enforce.Level);
        Assert.False(p.Enforce.Valid);
        Assert.Equal(PodSecurityLevel.Privileged, p.Audit.Level);
        Assert.Equal(PodSecurityLevel.Privileged, p.Warn.Level);
    }

    [Fact]
    public void Warn_follows_a_stricter_enforce_and_its_version_unless_set()
    {
        Assert.Equal("baseline:v1.30", Policy(("enforce", "baseline"), ("enforce-version", "v1.30")).Warn.ToString());
        Assert.Equal("baseline:v1.25", Policy(("enforce", "baseline"), ("enforce-version", "v1.30"), ("warn-version", "v1.25")).Warn.ToString());
        Assert.Equal("privileged:latest", Policy(("enforce", "baseline"), ("warn", "privileged")).Warn.ToString());
        Assert.Equal("privileged:latest", Policy(("enforce", "bogus")).Warn.ToString());
    }

    [Fact]
    public void Workloads_are_assessed_at_their_namespace_enforce_version_in_findings_and_summary()
    {
        // Unmasked /proc in a user namespace: baseline allows it from v1.35 only.
        var w = Workload()
            .WithSpec(s => s with { HostUsers = false })
            .WithContainers(c => c.With(sc => sc with { ProcMount = "Unmasked" }));
        var at34 = Cluster([w], namespaces: [Namespace("team-a", ("pod-security.kubernetes.io/enforce", "baseline"), ("pod-security.kubernetes.io/enforce-version", "v1.34"))]);
        var at35 = Cluster([w], namespaces: [Namespace("team-a", ("pod-security.kubernetes.io/enforce", "baseline"), ("pod-security.kubernetes.io/enforce-version", "v1.35"))]);

        Assert.Equal(PodSecurityLevel.Privileged, WorkloadPodSecurity.Level(at34, w));
        Assert.Equal(PodSecurityLevel.Baseline, WorkloadPodSecurity.Level(at35, w));
        Assert.Equal(new KubePosture.Checks.Scoring.PodSecurityLevelCounts(1, 0, 0), KubePosture.Checks.Scoring.Scoring.CountLevels(at34));
        Assert.Equal(new KubePosture.Checks.Scoring.PodSecurityLevelCounts(0, 1, 0), KubePosture.Checks.Scoring.Scoring.CountLevels(at35));

        var f = Assert.Single(new ProcMountCheck().Evaluate(at34));
        Assert.Equal("privileged", f.Details![WorkloadFindings.PodSecurityLevelKey]);
        Assert.Equal("v1.34", f.Details[WorkloadFindings.PodSecurityVersionKey]);
        Assert.Empty(new ProcMountCheck().Evaluate(at35));
    }

    [Fact]
    public void A_control_passes_fails_or_does_not_apply_per_workload_version()
    {
        var probe = Workload(name: "probe").WithContainers(c => c with { HandlerHosts = [new HandlerHostRecord("livenessProbe.tcpSocket.host", "10.0.0.9")] });
        var old = Workload(ns: "team-b", name: "old").WithContainers(c => c with { HandlerHosts = [new HandlerHostRecord("livenessProbe.tcpSocket.host", "10.0.0.9")] });
        var clean = Workload(name: "clean");
        var inventory = Cluster([probe, old, clean], namespaces: [Namespace("team-a"), Namespace("team-b", ("pod-security.kubernetes.io/enforce-version", "v1.30"))]);

        var results = inventory.Workloads.ToDictionary(w => w.Ref.Name, w => WorkloadPodSecurity.Of(inventory, w)["hostProbesAndHostLifecycle"]);
        var violations = inventory.Workloads.ToDictionary(w => w.Ref.Name, w => WorkloadPodSecurity.Violations(inventory, w, "hostProbesAndHostLifecycle"));

        Assert.True(results["probe"].Failed);
        Assert.Equal("10.0.0.9", Assert.Single(results["probe"].Violations).Value);
        Assert.Equal("10.0.0.9", Assert.Single(violations["probe"]).Value);
        Assert.False(results["old"].Applies);
        Assert.False(results["old"].Passed);
        Assert.Empty(violations["old"]);
        Assert.True(results["clean"].Passed);
        Assert.Empty(violations["clean"]);
        Assert.Throws<ArgumentException>(() => WorkloadPodSecurity.Violations(inventory, clean, "volumeTypes"));
    }

    [Fact]
    public void Every_upstream_check_id_is_a_control_once()
    {
        string[] upstream =
        [
            "allowPrivilegeEscalation", "appArmorProfile", "capabilities_baseline", "capabilities_restricted", "hostNamespaces",
            "hostPathVolumes", "hostPorts", "hostProbesAndHostLifecycle", "privileged", "procMount", "procMount_restricted",
            "restrictedVolumes", "runAsNonRoot", "runAsUser", "seLinuxOptions", "seccompProfile_baseline",
            "seccompProfile_restricted", "sysctls", "windowsHostProcess",
        ];
        Assert.Equal(upstream.Order(StringComparer.Ordinal), PodSecurityStandards.Controls.Select(c => c.Id).Order(StringComparer.Ordinal));
    }
}
