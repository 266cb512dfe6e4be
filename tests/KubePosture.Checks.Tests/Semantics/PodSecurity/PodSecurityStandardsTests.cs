using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Semantics.PodSecurity;

public class PodSecurityStandardsTests
{
    [Fact]
    public void The_hardened_builder_meets_restricted() => Assert.Equal(PodSecurityLevel.Restricted, Level(Spec()));

    public static TheoryData<string, Func<PodSpecRecord, PodSpecRecord>> BaselineViolations => new()
    {
        { "hostNetwork", s => s with { HostNetwork = true } },
        { "hostPID", s => s with { HostPid = true } },
        { "hostIPC", s => s with { HostIpc = true } },
        { "hostPath", s => s with { Volumes = [new VolumeRecord("h", "hostPath", "/data", null)] } },
        { "privileged init", s => s with { Containers = [.. s.Containers, Container("i", ContainerKind.Init).With(sc => sc with { Privileged = true })] } },
        { "privileged ephemeral", s => s with { Containers = [.. s.Containers, Container("e", ContainerKind.Ephemeral).With(sc => sc with { Privileged = true })] } },
        { "NET_RAW", s => Each(s, sc => sc with { CapabilitiesAdd = ["NET_RAW"] }) },
        { "CAP_CHOWN spelled with prefix", s => Each(s, sc => sc with { CapabilitiesAdd = ["CAP_CHOWN"] }) },
        { "hostPort", s => s with { Containers = [s.Containers[0] with { Ports = [new ContainerPortRecord(80, 8080, "TCP")] }] } },
        { "AppArmor pod", s => s with { SecurityContext = s.SecurityContext with { AppArmorProfileType = "Unconfined" } } },
        { "AppArmor container", s => Each(s, sc => sc with { AppArmorProfileType = "Unconfined" }) },
        { "SELinux type", s => Each(s, sc => sc with { SeLinuxType = "spc_t" }) },
        { "procMount", s => Each(s, sc => sc with { ProcMount = "Unmasked" }) },
        { "seccomp pod unconfined", s => s with { SecurityContext = s.SecurityContext with { SeccompProfileType = "Unconfined" } } },
        { "seccomp container unconfined", s => Each(s, sc => sc with { SeccompProfileType = "Unconfined" }) },
        { "sysctl", s => s with { SecurityContext = s.SecurityContext with { Sysctls = ["kernel.msgmax=1"] } } },
        { "Windows hostProcess pod", s => s with { OsName = "windows", SecurityContext = s.SecurityContext with { HostProcess = true } } },
        { "Windows hostProcess container", s => Each(s, sc => sc with { HostProcess = true }) },
        { "SELinux user pod", s => s with { SecurityContext = s.SecurityContext with { SeLinuxUser = "system_u" } } },
        { "SELinux role container", s => Each(s, sc => sc with { SeLinuxRole = "sysadm_r" }) },
        { "AppArmor legacy annotation with an unknown value", s => Each(s, sc => sc with { AppArmorProfileType = "docker-default" }) },
    };

    [Theory]
    [MemberData(nameof(BaselineViolations))]
    public void Baseline_violations_make_the_pod_privileged(string control, Func<PodSpecRecord, PodSpecRecord> change)
    {
        var spec = change(Spec());
        Assert.True(Level(spec) == PodSecurityLevel.Privileged, control);
    }

    public static TheoryData<string, Func<PodSpecRecord, PodSpecRecord>> RestrictedViolations => new()
    {
        { "allowPrivilegeEscalation unset", s => Each(s, sc => sc with { AllowPrivilegeEscalation = null }) },
        { "runAsNonRoot unset everywhere", s => s with { SecurityContext = s.SecurityContext with { RunAsNonRoot = null } } },
        { "container runAsNonRoot false", s => Each(s, sc => sc with { RunAsNonRoot = false }) },
        { "pod runAsNonRoot false even when every container sets true", s => Each(s, sc => sc with { RunAsNonRoot = true }) with { SecurityContext = s.SecurityContext with { RunAsNonRoot = false } } },
        { "runAsUser 0", s => Each(s, sc => sc with { RunAsUser = 0 }) },
        { "seccomp unset", s => s with { SecurityContext = s.SecurityContext with { SeccompProfileType = null } } },
        { "no drop ALL", s => Each(s, sc => sc with { CapabilitiesDrop = [] }) },
        { "adds CHOWN", s => Each(s, sc => sc with { CapabilitiesAdd = ["CHOWN"] }) },
        { "hostPath-free but nfs volume", s => s with { Volumes = [new VolumeRecord("n", "nfs", null, null)] } },
        { "ephemeral container without hardening", s => s with { Containers = [.. s.Containers, Container("debug", ContainerKind.Ephemeral, securityContext: ContainerSecurityContextRecord.Empty)] } },
    };

    [Theory]
    [MemberData(nameof(RestrictedViolations))]
    public void Restricted_violations_leave_the_pod_at_baseline(string control, Func<PodSpecRecord, PodSpecRecord> change)
    {
        var spec = change(Spec());
        Assert.True(Level(spec) == PodSecurityLevel.Baseline, control);
    }

    [Fact]
    public void Restricted_allows_NET_BIND_SERVICE_and_per_container_seccomp()
    {
        var spec = Each(Spec(), sc => sc with { CapabilitiesAdd = ["NET_BIND_SERVICE"], SeccompProfileType = "Localhost" }) with
        {
            SecurityContext = HardenedPodContext with { SeccompProfileType = null },
            Volumes = [new VolumeRecord("cfg", "configMap", null, null), new VolumeRecord("tmp", "emptyDir", null, null), new VolumeRecord("tok", "projected", null, null)],
        };
        Assert.Equal(PodSecurityLevel.Restricted, Level(spec));
    }

    [Fact]
    public void Windows_pods_are_exempt_from_the_linux_only_restricted_controls()
    {
        // spec.os.name: windows forbids allowPrivilegeEscalation, seccompProfile and capabilities (API validation), and
        // Pod Security admission (v1.25+) admits such pods at restricted without them; runAsNonRoot still applies.
        var windows = Each(Spec(), _ => ContainerSecurityContextRecord.Empty) with
        {
            OsName = "windows",
            SecurityContext = PodSecurityContextRecord.Empty with { RunAsNonRoot = true },
        };
        Assert.Equal(PodSecurityLevel.Restricted, Level(windows));
        Assert.Equal(PodSecurityLevel.Baseline, Level(windows with { SecurityContext = PodSecurityContextRecord.Empty }));
        // A Windows nodeSelector alone is not spec.os.name: admission does not exempt the pod.
        Assert.Equal(PodSecurityLevel.Baseline, Level(windows with { OsName = null, WindowsNodeSelector = true }));
    }

    [Fact]
    public void Violations_name_the_container_and_control()
    {
        var spec = Each(Spec(), sc => sc with { Privileged = true });
        var v = Assert.Single(PodSecurityStandards.Evaluate(spec, PodSecurityVersion.Latest).ViolationsOf(PodSecurityLevel.Baseline));
        Assert.Equal("privileged", v.ControlId);
        Assert.Contains("container \"app\"", v.Detail, StringComparison.Ordinal);
    }

    private static PodSecurityLevel Level(PodSpecRecord spec) => PodSecurityStandards.Evaluate(spec, PodSecurityVersion.Latest).Level;

    private static PodSpecRecord Each(PodSpecRecord s, Func<ContainerSecurityContextRecord, ContainerSecurityContextRecord> change) =>
        s with { Containers = [.. s.Containers.Select(c => c.With(change))] };
}
