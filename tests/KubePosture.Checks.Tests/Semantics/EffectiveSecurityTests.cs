using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Semantics;

public class EffectiveSecurityTests
{
    private static PodSpecRecord Pod(PodSecurityContextRecord pod) => Spec() with { SecurityContext = pod };

    [Fact]
    public void Container_values_override_the_pod_for_every_inherited_field()
    {
        var pod = Pod(new PodSecurityContextRecord(1000, 1000, true, "RuntimeDefault", "RuntimeDefault", "container_t", []));
        var c = Container().With(sc => sc with { RunAsUser = 2000, RunAsNonRoot = false, SeccompProfileType = "Localhost", AppArmorProfileType = "Unconfined", SeLinuxType = "spc_t" });
        Assert.Equal(2000, EffectiveSecurity.RunAsUser(pod, c));
        Assert.False(EffectiveSecurity.RunAsNonRoot(pod, c));
        Assert.Equal("Localhost", EffectiveSecurity.SeccompProfileType(pod, c));
        Assert.Equal("Unconfined", EffectiveSecurity.AppArmorProfileType(pod, c));
        Assert.Equal("spc_t", EffectiveSecurity.SeLinuxType(pod, c));
    }

    [Fact]
    public void Unset_container_values_inherit_the_pod()
    {
        var pod = Pod(new PodSecurityContextRecord(1000, 1000, true, "RuntimeDefault", "Localhost", "container_t", []));
        var c = Container();
        Assert.Equal(1000, EffectiveSecurity.RunAsUser(pod, c));
        Assert.True(EffectiveSecurity.RunAsNonRoot(pod, c));
        Assert.Equal("RuntimeDefault", EffectiveSecurity.SeccompProfileType(pod, c));
        Assert.Equal("Localhost", EffectiveSecurity.AppArmorProfileType(pod, c));
        Assert.Equal("container_t", EffectiveSecurity.SeLinuxType(pod, c));
    }

    [Theory]
    [InlineData(null, null, null, null, true)]
    [InlineData(null, true, null, null, false)]
    [InlineData(1000L, null, null, null, false)]
    [InlineData(0L, true, null, null, true)]
    [InlineData(null, true, 0L, null, true)]
    [InlineData(0L, null, 1000L, null, false)]
    [InlineData(null, true, null, false, true)]
    [InlineData(null, false, null, true, false)]
    [InlineData(1000L, false, null, false, false)]
    public void May_run_as_root(long? podUser, bool? podNonRoot, long? containerUser, bool? containerNonRoot, bool expected)
    {
        var pod = Pod(PodSecurityContextRecord.Empty with { RunAsUser = podUser, RunAsNonRoot = podNonRoot });
        var c = Container().With(sc => sc with { RunAsUser = containerUser, RunAsNonRoot = containerNonRoot });
        Assert.Equal(expected, EffectiveSecurity.MayRunAsRoot(pod, c));
    }

    [Theory]
    [InlineData(null, null, new string[0], true)]
    [InlineData(false, null, new string[0], false)]
    [InlineData(true, null, new string[0], true)]
    [InlineData(false, true, new string[0], true)]
    [InlineData(false, null, new[] { "CAP_SYS_ADMIN" }, true)]
    [InlineData(false, false, new[] { "NET_BIND_SERVICE" }, false)]
    public void Privilege_escalation(bool? allow, bool? privileged, string[] add, bool expected)
    {
        var c = Container().With(sc => sc with { AllowPrivilegeEscalation = allow, Privileged = privileged, CapabilitiesAdd = add });
        Assert.Equal(expected, EffectiveSecurity.AllowsPrivilegeEscalation(c));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, false, false)]
    [InlineData(null, true, true)]
    [InlineData(false, true, false)]
    [InlineData(true, false, true)]
    [InlineData(false, null, false)]
    public void Automount_precedence_pod_then_service_account_then_true(bool? pod, bool? serviceAccount, bool expected)
    {
        var spec = Spec() with { AutomountServiceAccountToken = pod };
        var sa = new ServiceAccountRecord("team-a", "web", serviceAccount, null);
        Assert.Equal(expected, EffectiveSecurity.AutomountsToken(spec, sa));
    }

    [Fact]
    public void Automount_without_a_known_service_account_uses_the_pod_or_true()
    {
        Assert.True(EffectiveSecurity.AutomountsToken(Spec() with { AutomountServiceAccountToken = null }, null));
        Assert.False(EffectiveSecurity.AutomountsToken(Spec() with { AutomountServiceAccountToken = false }, null));
    }

    [Theory]
    [InlineData("/var/run/docker.sock", "/run/docker.sock")]
    [InlineData("/etc/../var/./lib//kubelet/", "/var/lib/kubelet")]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    public void Host_paths_normalise(string path, string expected) => Assert.Equal(expected, HostPaths.Normalize(path));

    [Theory]
    [InlineData("/var/log", false)]
    [InlineData("/etcd", false)]
    [InlineData("/opt/data", false)]
    [InlineData("/var/lib/kubelet/../kubelet", true)]
    [InlineData("/run/crio", true)]
    [InlineData("/var/run/cri-dockerd.sock", true)]
    public void Host_path_criticality(string path, bool critical) => Assert.Equal(critical, HostPaths.CriticalReason(path) is not null);
}
