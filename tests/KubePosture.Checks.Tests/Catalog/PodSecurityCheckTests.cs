using KubePosture.Checks.Catalog.Pod;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Catalog;

public class PodSecurityCheckTests
{
    [Fact]
    [Covers("pod.privileged", Outcome.Pass)]
    public void Privileged_passes_for_hardened_and_explicit_false() =>
        Run.Passes<PrivilegedCheck>(Workload());

    [Fact]
    [Covers("pod.privileged", Outcome.Fail)]
    public void Privileged_fails_in_init_container_and_names_it_and_the_field()
    {
        var w = Workload(Spec(Container(), Container("setup", ContainerKind.Init).With(sc => sc with { Privileged = true })));
        var f = Run.FailsOnce<PrivilegedCheck>(w);
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Contains("init container \"setup\"", f.Message, StringComparison.Ordinal);
        Assert.Equal("setup", f.Details!["container"]);
        Assert.Equal("spec.template.spec.initContainers[name=setup].securityContext.privileged", f.Details["field"]);
        Assert.Equal("privileged", f.Details["podSecurityLevel"]);
        Assert.Equal(w.Ref, f.Resource);
    }

    [Fact]
    [Covers("pod.privileged", Outcome.Fail)]
    public void Privileged_includes_Windows_HostProcess_set_on_the_pod()
    {
        var f = Run.FailsOnce<PrivilegedCheck>(Workload().WithSpec(s => s with
        {
            OsName = "windows",
            HostNetwork = true,
            SecurityContext = s.SecurityContext with { HostProcess = true },
        }));
        Assert.Contains("HostProcess", f.Message, StringComparison.Ordinal);
        Assert.EndsWith("securityContext.windowsOptions.hostProcess", f.Details!["field"], StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.privileged", Outcome.Pass)]
    public void Privileged_passes_when_the_container_turns_HostProcess_off() =>
        Run.Passes<PrivilegedCheck>(Workload()
            .WithSpec(s => s with { OsName = "windows", SecurityContext = s.SecurityContext with { HostProcess = true } })
            .WithContainers(c => c.With(sc => sc with { HostProcess = false })));

    [Fact]
    [Covers("pod.privileged", Outcome.Fail)]
    public void Privileged_fails_in_ephemeral_container()
    {
        var w = Workload(Spec(Container(), Container("debug", ContainerKind.Ephemeral).With(sc => sc with { Privileged = true })));
        var f = Run.FailsOnce<PrivilegedCheck>(w);
        Assert.Equal("ephemeral", f.Details!["containerKind"]);
    }

    [Fact]
    [Covers("pod.privileged", Outcome.Fail)]
    public void Privileged_in_a_CronJob_names_the_job_template_path_and_attaches_to_the_CronJob()
    {
        var w = Workload(Spec(Container().With(sc => sc with { Privileged = true })), kind: "CronJob", name: "nightly");
        var f = Run.FailsOnce<PrivilegedCheck>(w);
        Assert.Equal(new ResourceRef("batch/v1", "CronJob", "team-a", "nightly"), f.Resource);
        Assert.Equal("spec.jobTemplate.spec.template.spec.containers[name=app].securityContext.privileged", f.Details!["field"]);
    }

    [Fact]
    [Covers("pod.privilege-escalation", Outcome.Pass)]
    public void Escalation_passes_when_explicitly_false() =>
        Run.Passes<PrivilegeEscalationCheck>(Workload());

    [Fact]
    [Covers("pod.privilege-escalation", Outcome.Fail)]
    public void Escalation_unset_means_allowed()
    {
        var w = Workload().WithContainers(c => c.With(sc => sc with { AllowPrivilegeEscalation = null }));
        var f = Run.FailsOnce<PrivilegeEscalationCheck>(w);
        Assert.Contains("unset (defaults to true)", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.privilege-escalation", Outcome.Fail)]
    public void Escalation_is_implied_by_privileged_even_when_set_false()
    {
        var w = Workload().WithContainers(c => c.With(sc => sc with { Privileged = true, AllowPrivilegeEscalation = false }));
        var f = Run.FailsOnce<PrivilegeEscalationCheck>(w);
        Assert.Contains("privileged: true implies", f.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SYS_ADMIN")]
    [InlineData("CAP_SYS_ADMIN")]
    [InlineData("sys_admin")]
    [Covers("pod.privilege-escalation", Outcome.Fail)]
    public void Escalation_is_implied_by_CAP_SYS_ADMIN_in_any_spelling(string capability)
    {
        var w = Workload().WithContainers(c => c.With(sc => sc with { CapabilitiesAdd = [capability] }));
        var f = Run.FailsOnce<PrivilegeEscalationCheck>(w);
        Assert.Contains("SYS_ADMIN implies", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.run-as-root", Outcome.Pass)]
    public void Root_passes_with_pod_level_non_root_user() =>
        Run.Passes<RunAsRootCheck>(Workload());

    [Fact]
    [Covers("pod.run-as-root", Outcome.Pass)]
    public void Root_passes_with_non_zero_user_even_without_runAsNonRoot()
    {
        var w = Workload().WithSpec(s => s with { SecurityContext = s.SecurityContext with { RunAsNonRoot = null, RunAsUser = null } })
            .WithContainers(c => c.With(sc => sc with { RunAsUser = 1000 }));
        Run.Passes<RunAsRootCheck>(w);
    }

    [Fact]
    [Covers("pod.run-as-root", Outcome.Fail)]
    public void Root_explicit_container_user_0_overrides_pod_non_root()
    {
        var w = Workload().WithContainers(c => c.With(sc => sc with { RunAsUser = 0, RunAsNonRoot = true }));
        var f = Run.FailsOnce<RunAsRootCheck>(w);
        Assert.Contains("runAsUser is 0", f.Message, StringComparison.Ordinal);
        Assert.Equal("0", f.Details!["effectiveRunAsUser"]);
    }

    [Fact]
    [Covers("pod.run-as-root", Outcome.Fail)]
    public void Root_pod_user_0_is_root_whatever_runAsNonRoot_says()
    {
        var w = Workload().WithSpec(s => s with { SecurityContext = s.SecurityContext with { RunAsUser = 0, RunAsNonRoot = true } });
        Run.FailsOnce<RunAsRootCheck>(w);
    }

    [Fact]
    [Covers("pod.run-as-root", Outcome.Fail)]
    public void Root_container_runAsNonRoot_false_overrides_pod_true_when_no_user()
    {
        var w = Workload().WithSpec(s => s with { SecurityContext = s.SecurityContext with { RunAsUser = null } })
            .WithContainers(c => c.With(sc => sc with { RunAsNonRoot = false }));
        var f = Run.FailsOnce<RunAsRootCheck>(w);
        Assert.Equal("false", f.Details!["effectiveRunAsNonRoot"]);
    }

    [Fact]
    [Covers("pod.run-as-root", Outcome.Fail)]
    public void Root_nothing_set_means_the_image_user()
    {
        var w = Workload().WithSpec(s => s with { SecurityContext = PodSecurityContextRecord.Empty });
        var f = Run.FailsOnce<RunAsRootCheck>(w);
        Assert.Contains("neither runAsNonRoot", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.capabilities-dangerous", Outcome.Pass)]
    public void Dangerous_capabilities_pass_for_NET_BIND_SERVICE() =>
        Run.Passes<DangerousCapabilitiesCheck>(Workload().WithContainers(c => c.With(sc => sc with { CapabilitiesAdd = ["NET_BIND_SERVICE", "CHOWN"] })));

    [Theory]
    [InlineData("CAP_SYS_ADMIN")]
    [InlineData("NET_RAW")]
    [InlineData("all")]
    [InlineData("BPF")]
    [InlineData("SYS_PTRACE")]
    [Covers("pod.capabilities-dangerous", Outcome.Fail)]
    public void Dangerous_capabilities_fail(string capability)
    {
        var f = Run.FailsOnce<DangerousCapabilitiesCheck>(Workload().WithContainers(c => c.With(sc => sc with { CapabilitiesAdd = ["CHOWN", capability] })));
        Assert.Equal(capability, f.Details!["capabilities"]);
        Assert.Equal(Severity.High, f.Severity);
    }

    [Theory]
    [InlineData("SYS_TIME")]
    [InlineData("CAP_SYS_NICE")]
    [InlineData("ipc_lock")]
    [InlineData("SYS_BOOT")]
    [Covers("pod.capabilities-dangerous", Outcome.Fail)]
    public void Capabilities_outside_the_baseline_default_set_fail(string capability)
    {
        // Pod Security Standards baseline allows adding only the runtime's default set; anything else is a finding.
        var f = Run.FailsOnce<DangerousCapabilitiesCheck>(Workload().WithContainers(c => c.With(sc => sc with { CapabilitiesAdd = ["KILL", capability] })));
        Assert.Equal(capability, f.Details!["capabilities"]);
        Assert.Contains("outside the Pod Security Standards baseline", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.capabilities-dangerous", Outcome.Pass)]
    public void Capabilities_of_the_default_set_pass_in_any_spelling() =>
        Run.Passes<DangerousCapabilitiesCheck>(Workload().WithContainers(c => c.With(sc => sc with
        {
            CapabilitiesAdd = ["AUDIT_WRITE", "CAP_CHOWN", "dac_override", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETUID", "SYS_CHROOT"],
        })));

    [Fact]
    [Covers("pod.capabilities-not-dropped", Outcome.Pass)]
    public void Not_dropped_passes_with_drop_all_in_any_case() =>
        Run.Passes<CapabilitiesNotDroppedCheck>(Workload().WithContainers(c => c.With(sc => sc with { CapabilitiesDrop = ["all"] })));

    [Fact]
    [Covers("pod.capabilities-not-dropped", Outcome.Fail)]
    public void Not_dropped_fails_when_only_some_are_dropped()
    {
        var f = Run.FailsOnce<CapabilitiesNotDroppedCheck>(Workload().WithContainers(c => c.With(sc => sc with { CapabilitiesDrop = ["NET_RAW"] })));
        Assert.Contains("drops only NET_RAW", f.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Low, f.Severity);
    }

    [Fact]
    [Covers("pod.host-network", Outcome.Pass)]
    [Covers("pod.host-pid", Outcome.Pass)]
    [Covers("pod.host-ipc", Outcome.Pass)]
    public void Host_namespaces_pass_by_default()
    {
        Run.Passes<HostNetworkCheck>(Workload());
        Run.Passes<HostPidCheck>(Workload());
        Run.Passes<HostIpcCheck>(Workload());
    }

    [Fact]
    [Covers("pod.host-network", Outcome.Fail)]
    public void Host_network_fails_with_field_path()
    {
        var f = Run.FailsOnce<HostNetworkCheck>(Workload().WithSpec(s => s with { HostNetwork = true }));
        Assert.Equal("spec.template.spec.hostNetwork", f.Details!["field"]);
    }

    [Fact]
    [Covers("pod.host-pid", Outcome.Fail)]
    public void Host_pid_fails_on_bare_pod()
    {
        var f = Run.FailsOnce<HostPidCheck>(Workload(kind: "Pod").WithSpec(s => s with { HostPid = true }));
        Assert.Equal("spec.hostPID", f.Details!["field"]);
    }

    [Fact]
    [Covers("pod.host-ipc", Outcome.Fail)]
    public void Host_ipc_fails() => Run.FailsOnce<HostIpcCheck>(Workload().WithSpec(s => s with { HostIpc = true }));

    [Fact]
    [Covers("pod.host-path", Outcome.Pass)]
    public void Host_path_passes_for_other_volume_types() =>
        Run.Passes<HostPathCheck>(Workload().WithSpec(s => s with { Volumes = [new VolumeRecord("cache", "emptyDir", null, null), new VolumeRecord("cfg", "configMap", null, null)] }));

    [Theory]
    [InlineData("/var/log", Severity.High)]
    [InlineData("/data/app", Severity.High)]
    [InlineData("/var/run/docker.sock", Severity.Critical)]
    [InlineData("/run/containerd/containerd.sock", Severity.Critical)]
    [InlineData("/var/run/crio/crio.sock", Severity.Critical)]
    [InlineData("/run/containerd", Severity.Critical)]
    [InlineData("/var/run", Severity.Critical)]
    [InlineData("/", Severity.Critical)]
    [InlineData("/etc", Severity.Critical)]
    [InlineData("/etc/kubernetes/", Severity.Critical)]
    [InlineData("/proc", Severity.Critical)]
    [InlineData("/var/lib/kubelet", Severity.Critical)]
    [InlineData("/var/lib/kubelet/pods", Severity.Critical)]
    [InlineData("/var", Severity.Critical)]
    [InlineData("//etc//", Severity.Critical)]
    [InlineData("/etcd-data", Severity.High)]
    [Covers("pod.host-path", Outcome.Fail)]
    public void Host_path_fails_and_grades_sensitive_paths(string path, Severity expected)
    {
        var container = Container() with { VolumeMounts = [new VolumeMountRecord("host", "/host", true)] };
        var w = Workload(Spec(container)).WithSpec(s => s with { Volumes = [new VolumeRecord("host", "hostPath", path, null)] });
        var f = Run.FailsOnce<HostPathCheck>(w);
        Assert.Equal(expected, f.Severity);
        Assert.Equal(path, f.Details!["hostPath"]);
        Assert.Contains("container \"app\" at /host (read-only)", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.host-port", Outcome.Pass)]
    public void Host_port_passes_for_container_ports_only() =>
        Run.Passes<HostPortCheck>(Workload().WithContainers(c => c with { Ports = [new ContainerPortRecord(8080, null, "TCP"), new ContainerPortRecord(9090, 0, "TCP")] }));

    [Fact]
    [Covers("pod.host-port", Outcome.Fail)]
    public void Host_port_fails()
    {
        var f = Run.FailsOnce<HostPortCheck>(Workload().WithContainers(c => c with { Ports = [new ContainerPortRecord(8080, 80, "TCP")] }));
        Assert.Equal("80/TCP", f.Details!["hostPorts"]);
    }

    [Fact]
    [Covers("pod.readonly-root-fs", Outcome.Pass)]
    public void Readonly_root_passes() => Run.Passes<ReadOnlyRootFilesystemCheck>(Workload());

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    [Covers("pod.readonly-root-fs", Outcome.Fail)]
    public void Readonly_root_fails_when_unset_or_false(bool? value) =>
        Run.FailsOnce<ReadOnlyRootFilesystemCheck>(Workload().WithContainers(c => c.With(sc => sc with { ReadOnlyRootFilesystem = value })));

    [Fact]
    [Covers("pod.seccomp", Outcome.Pass)]
    public void Seccomp_passes_from_pod_level() => Run.Passes<SeccompCheck>(Workload());

    [Fact]
    [Covers("pod.seccomp", Outcome.Pass)]
    public void Seccomp_container_Localhost_overrides_pod_Unconfined() =>
        Run.Passes<SeccompCheck>(Workload()
            .WithSpec(s => s with { SecurityContext = s.SecurityContext with { SeccompProfileType = "Unconfined" } })
            .WithContainers(c => c.With(sc => sc with { SeccompProfileType = "Localhost" })));

    [Fact]
    [Covers("pod.seccomp", Outcome.Fail)]
    public void Seccomp_container_Unconfined_overrides_pod_RuntimeDefault()
    {
        var f = Run.FailsOnce<SeccompCheck>(Workload().WithContainers(c => c.With(sc => sc with { SeccompProfileType = "Unconfined" })));
        Assert.Equal("Unconfined", f.Details!["effectiveSeccompProfile"]);
        Assert.Contains("container securityContext", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.seccomp", Outcome.Fail)]
    public void Seccomp_unset_everywhere_fails()
    {
        var f = Run.FailsOnce<SeccompCheck>(Workload().WithSpec(s => s with { SecurityContext = s.SecurityContext with { SeccompProfileType = null } }));
        Assert.Equal("unset", f.Details!["effectiveSeccompProfile"]);
    }

    /// <summary>
    /// A Windows pod cannot set the Linux-only fields: the API rejects allowPrivilegeEscalation, seccompProfile,
    /// capabilities and readOnlyRootFilesystem when spec.os.name is windows, so those checks do not apply to it.
    /// </summary>
    public static TheoryData<string> WindowsMarkers => ["os.name", "nodeSelector"];

    private static WorkloadRecord WindowsWorkload(string marker) =>
        Workload()
            .WithSpec(s => s with
            {
                SecurityContext = PodSecurityContextRecord.Empty with { RunAsNonRoot = true },
                OsName = marker == "os.name" ? "windows" : null,
                WindowsNodeSelector = marker == "nodeSelector",
            })
            .WithContainers(c => c with { SecurityContext = ContainerSecurityContextRecord.Empty });

    [Theory]
    [MemberData(nameof(WindowsMarkers))]
    [Covers("pod.privilege-escalation", Outcome.Pass)]
    [Covers("pod.seccomp", Outcome.Pass)]
    [Covers("pod.capabilities-not-dropped", Outcome.Pass)]
    [Covers("pod.readonly-root-fs", Outcome.Pass)]
    public void Linux_only_checks_do_not_apply_to_Windows_pods(string marker)
    {
        var w = WindowsWorkload(marker);
        Run.Passes<PrivilegeEscalationCheck>(w);
        Run.Passes<SeccompCheck>(w);
        Run.Passes<CapabilitiesNotDroppedCheck>(w);
        Run.Passes<ReadOnlyRootFilesystemCheck>(w);
        // The same spec on Linux fails each of them.
        var linux = w.WithSpec(s => s with { OsName = "linux", WindowsNodeSelector = false });
        Run.FailsOnce<PrivilegeEscalationCheck>(linux);
        Run.FailsOnce<SeccompCheck>(linux);
        Run.FailsOnce<CapabilitiesNotDroppedCheck>(linux);
        Run.FailsOnce<ReadOnlyRootFilesystemCheck>(linux);
    }

    [Fact]
    [Covers("pod.apparmor-unconfined", Outcome.Fail)]
    public void AppArmor_legacy_annotation_with_an_unknown_profile_fails()
    {
        // Pod Security admission allows only runtime/default and localhost/* in the legacy annotation.
        var f = Run.FailsOnce<AppArmorUnconfinedCheck>(Workload().WithContainers(c => c.With(sc => sc with { AppArmorProfileType = "docker-default" })));
        Assert.Contains("docker-default", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.apparmor-unconfined", Outcome.Pass)]
    public void AppArmor_passes_for_RuntimeDefault_or_unset() =>
        Run.Passes<AppArmorUnconfinedCheck>(Workload(Spec(Container(), Container("b").With(sc => sc with { AppArmorProfileType = "RuntimeDefault" }))));

    [Fact]
    [Covers("pod.apparmor-unconfined", Outcome.Fail)]
    public void AppArmor_pod_Unconfined_fails_even_when_every_container_sets_its_own_profile()
    {
        // Pod Security admission rejects the pod-level value itself (upstream appArmorProfile check), whatever the containers set.
        var f = Run.FailsOnce<AppArmorUnconfinedCheck>(Workload()
            .WithSpec(s => s with { SecurityContext = s.SecurityContext with { AppArmorProfileType = "Unconfined" } })
            .WithContainers(c => c.With(sc => sc with { AppArmorProfileType = "Localhost" })));
        Assert.Equal("spec.template.spec.securityContext.appArmorProfile.type", f.Details!["field"]);
    }

    [Fact]
    [Covers("pod.apparmor-unconfined", Outcome.Pass)]
    public void AppArmor_legacy_annotation_with_an_allowed_value_passes_beside_a_RuntimeDefault_field() =>
        Run.Passes<AppArmorUnconfinedCheck>(Workload()
            .WithSpec(s => s with { SecurityAnnotations = [new("container.apparmor.security.beta.kubernetes.io/app", "localhost/custom")] })
            .WithContainers(c => c.With(sc => sc with { AppArmorProfileType = "RuntimeDefault" })));

    [Fact]
    [Covers("pod.apparmor-unconfined", Outcome.Fail)]
    public void AppArmor_legacy_unconfined_annotation_fails_even_when_the_container_field_is_RuntimeDefault()
    {
        var f = Run.FailsOnce<AppArmorUnconfinedCheck>(Workload()
            .WithSpec(s => s with { SecurityAnnotations = [new("container.apparmor.security.beta.kubernetes.io/app", "unconfined")] })
            .WithContainers(c => c.With(sc => sc with { AppArmorProfileType = "RuntimeDefault" })));
        Assert.Contains("container.apparmor.security.beta.kubernetes.io/app=unconfined", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.apparmor-unconfined", Outcome.Fail)]
    public void AppArmor_pod_Unconfined_applies_to_containers_without_their_own() =>
        Run.FailsOnce<AppArmorUnconfinedCheck>(Workload().WithSpec(s => s with { SecurityContext = s.SecurityContext with { AppArmorProfileType = "Unconfined" } }));

    [Fact]
    [Covers("pod.proc-mount", Outcome.Pass)]
    public void ProcMount_Default_passes() => Run.Passes<ProcMountCheck>(Workload().WithContainers(c => c.With(sc => sc with { ProcMount = "Default" })));

    [Fact]
    [Covers("pod.proc-mount", Outcome.Fail)]
    public void ProcMount_Unmasked_fails() => Run.FailsOnce<ProcMountCheck>(Workload().WithContainers(c => c.With(sc => sc with { ProcMount = "Unmasked" })));

    [Fact]
    [Covers("pod.unsafe-sysctls", Outcome.Pass)]
    public void Sysctls_in_safe_set_pass() =>
        Run.Passes<UnsafeSysctlsCheck>(Workload().WithSpec(s => s with { SecurityContext = s.SecurityContext with { Sysctls = ["net.ipv4.tcp_syncookies=1", "kernel.shm_rmid_forced", "net.ipv4.tcp_wmem=4096 87380 16777216"] } }));

    [Fact]
    [Covers("pod.unsafe-sysctls", Outcome.Fail)]
    public void Sysctls_outside_safe_set_fail()
    {
        var f = Run.FailsOnce<UnsafeSysctlsCheck>(Workload().WithSpec(s => s with { SecurityContext = s.SecurityContext with { Sysctls = ["net.ipv4.tcp_syncookies=1", "kernel.msgmax=65536", "net.core.somaxconn=1024"] } }));
        Assert.Equal("kernel.msgmax,net.core.somaxconn", f.Details!["sysctls"]);
    }

    [Fact]
    [Covers("pod.sa-token-automount", Outcome.Pass)]
    public void Automount_pod_false_wins_over_service_account_true() =>
        Run.Passes<ServiceAccountTokenAutomountCheck>(Cluster([Workload()], serviceAccounts: [new ServiceAccountRecord("team-a", "web", true, null)]));

    [Fact]
    [Covers("pod.sa-token-automount", Outcome.Pass)]
    public void Automount_unset_on_pod_uses_service_account_false() =>
        Run.Passes<ServiceAccountTokenAutomountCheck>(Cluster(
            [Workload().WithSpec(s => s with { AutomountServiceAccountToken = null })],
            serviceAccounts: [new ServiceAccountRecord("team-a", "web", false, null)]));

    [Fact]
    [Covers("pod.sa-token-automount", Outcome.Fail)]
    public void Automount_pod_true_wins_over_service_account_false()
    {
        var f = Run.FailsOnce<ServiceAccountTokenAutomountCheck>(Cluster(
            [Workload().WithSpec(s => s with { AutomountServiceAccountToken = true })],
            serviceAccounts: [new ServiceAccountRecord("team-a", "web", false, null)]));
        Assert.Contains("the pod sets automountServiceAccountToken: true", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.sa-token-automount", Outcome.Fail)]
    public void Automount_both_unset_defaults_to_true()
    {
        var f = Run.FailsOnce<ServiceAccountTokenAutomountCheck>(Cluster(
            [Workload().WithSpec(s => s with { AutomountServiceAccountToken = null })],
            serviceAccounts: [new ServiceAccountRecord("team-a", "web", null, null)]));
        Assert.Contains("defaults to true", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.sa-token-automount", Outcome.Fail)]
    public void Automount_service_account_in_another_namespace_does_not_apply() =>
        Run.FailsOnce<ServiceAccountTokenAutomountCheck>(Cluster(
            [Workload().WithSpec(s => s with { AutomountServiceAccountToken = null })],
            serviceAccounts: [new ServiceAccountRecord("team-b", "web", false, null)]));

    [Fact]
    [Covers("pod.default-service-account", Outcome.Pass)]
    public void Default_sa_passes_with_dedicated_account() => Run.Passes<DefaultServiceAccountCheck>(Workload());

    [Theory]
    [InlineData("")]
    [InlineData("default")]
    [Covers("pod.default-service-account", Outcome.Fail)]
    public void Default_sa_fails_when_unset_or_default(string name) =>
        Run.FailsOnce<DefaultServiceAccountCheck>(Workload().WithSpec(s => s with { ServiceAccountName = name }));

    [Fact]
    [Covers("pod.resources-missing", Outcome.Pass)]
    public void Resources_pass_when_set_and_ephemeral_containers_are_exempt() =>
        Run.Passes<ResourcesMissingCheck>(Workload(Spec(Container(), Container("debug", ContainerKind.Ephemeral))));

    [Fact]
    [Covers("pod.resources-missing", Outcome.Fail)]
    public void Resources_fail_without_memory_limit_in_init_container()
    {
        var w = Workload(Spec(Container(), Container("init", ContainerKind.Init) with { Resources = new ResourcesRecord(true, true, true, false) }));
        var f = Run.FailsOnce<ResourcesMissingCheck>(w);
        Assert.Equal("resources.limits.memory", f.Details!["missing"]);
    }

    [Fact]
    [Covers("pod.resources-missing", Outcome.Fail)]
    public void Resources_cpu_limit_is_not_required_but_requests_are()
    {
        var f = Run.FailsOnce<ResourcesMissingCheck>(Workload().WithContainers(c => c with { Resources = new ResourcesRecord(false, false, false, true) }));
        Assert.Equal("resources.requests.cpu,resources.requests.memory", f.Details!["missing"]);
    }

    [Fact]
    [Covers("pod.secrets-in-env", Outcome.Pass)]
    public void Secrets_in_env_pass_for_valueFrom_and_locators() =>
        Run.Passes<SecretsInEnvCheck>(Workload().WithContainers(c => c with
        {
            Env =
            [
                new EnvVarRecord("DB_PASSWORD", false, "db"),
                new EnvVarRecord("PASSWORD_FILE", true),
                new EnvVarRecord("LOG_LEVEL", true),
                new EnvVarRecord("AWS_ACCESS_KEY_ID", true),
                new EnvVarRecord("PWD", true),
                new EnvVarRecord("PASS_THROUGH", true),
                new EnvVarRecord("tokenPath", true),
            ],
        }));

    [Theory]
    [InlineData("DB_PASSWORD")]
    [InlineData("api-key")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("clientSecret")]
    [InlineData("adminPassword")]
    [InlineData("DB_PWD")]
    [InlineData("SMTP_PASS")]
    [InlineData("stripeApiKey")]
    [Covers("pod.secrets-in-env", Outcome.Fail)]
    public void Secrets_in_env_fail_for_literal_secret_names(string name)
    {
        var f = Run.FailsOnce<SecretsInEnvCheck>(Workload().WithContainers(c => c with { Env = [new EnvVarRecord(name, true)] }));
        Assert.Equal(name, f.Details!["variables"]);
    }

    [Fact]
    [Covers("pod.secret-as-env", Outcome.Pass)]
    public void Secret_as_env_passes_for_literals_config_maps_and_mounted_secrets() =>
        Run.Passes<SecretAsEnvCheck>(Workload().WithContainers(c => c with
        {
            Env = [new EnvVarRecord("LOG_LEVEL", true), new EnvVarRecord("FROM_CONFIG_MAP", false)],
            VolumeMounts = [new VolumeMountRecord("db-credentials", "/var/run/secrets/db", true)],
        }));

    [Fact]
    [Covers("pod.secret-as-env", Outcome.Fail)]
    public void Secret_as_env_fails_for_secretKeyRef_naming_each_secret_once()
    {
        var f = Run.FailsOnce<SecretAsEnvCheck>(Workload().WithContainers(c => c with
        {
            Env = [new EnvVarRecord("DB_USER", false, "db"), new EnvVarRecord("DB_PASSWORD", false, "db"), new EnvVarRecord("STRIPE_KEY", false, "stripe")],
        }));
        Assert.Equal("db,stripe", f.Details!["secrets"]);
        Assert.Equal("DB_USER,DB_PASSWORD,STRIPE_KEY", f.Details["variables"]);
        Assert.Equal(Severity.Low, f.Severity);
        Assert.Contains("reads Secrets db, stripe as environment variables (DB_USER, DB_PASSWORD, STRIPE_KEY)", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Covers("pod.secret-as-env", Outcome.Fail)]
    public void Secret_as_env_fails_for_envFrom_secretRef()
    {
        var f = Run.FailsOnce<SecretAsEnvCheck>(Workload().WithContainers(c => c with { EnvFromSecrets = ["app-env"] }));
        Assert.Equal("app-env", f.Details!["secrets"]);
        Assert.False(f.Details.ContainsKey("variables"));
        Assert.Contains("reads Secret app-env as environment variables (envFrom)", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_attach_once_per_workload_not_per_replica()
    {
        var w = Workload().WithContainers(c => c.With(sc => sc with { Privileged = true })) with { PodCount = 30 };
        Assert.Single(Run.Check<PrivilegedCheck>(Build.Of(w)));
    }

    [Fact]
    [Covers("pod.probe-host", Outcome.Pass)]
    public void Probe_host_passes_without_host_and_before_policy_v1_34()
    {
        Run.Passes<ProbeHostCheck>(Workload());
        var probe = Workload().WithContainers(c => c with { HandlerHosts = [new HandlerHostRecord("livenessProbe.httpGet.host", "169.254.169.254")] });
        Run.Passes<ProbeHostCheck>(Cluster([probe], namespaces: [Namespace("team-a", ("pod-security.kubernetes.io/enforce-version", "v1.33"))]));
    }

    [Fact]
    [Covers("pod.probe-host", Outcome.Fail)]
    public void Probe_host_fails_for_a_probe_or_lifecycle_handler_host_and_names_the_field()
    {
        var w = Workload(Spec(
            Container(),
            Container("setup", ContainerKind.Init) with { HandlerHosts = [new HandlerHostRecord("lifecycle.preStop.tcpSocket.host", "10.0.0.5")] }));
        var f = Run.FailsOnce<ProbeHostCheck>(w);
        Assert.Equal("spec.template.spec.initContainers[name=setup].lifecycle.preStop.tcpSocket.host", f.Details!["field"]);
        Assert.Equal("10.0.0.5", f.Details["host"]);
        Assert.Equal("privileged", f.Details["podSecurityLevel"]);
    }

    [Fact]
    [Covers("pod.proc-mount", Outcome.Pass)]
    public void Proc_mount_Unmasked_passes_in_a_user_namespace_from_policy_v1_35() =>
        Run.Passes<ProcMountCheck>(Workload()
            .WithSpec(s => s with { HostUsers = false })
            .WithContainers(c => c.With(sc => sc with { ProcMount = "Unmasked" })));

    [Fact]
    [Covers("pod.unsafe-sysctls", Outcome.Pass)]
    public void Sysctls_added_in_policy_v1_37_pass_at_latest_and_fail_when_the_namespace_pins_an_older_version()
    {
        var w = Workload().WithSpec(s => s with { SecurityContext = s.SecurityContext with { Sysctls = ["net.ipv4.tcp_notsent_lowat"] } });
        Run.Passes<UnsafeSysctlsCheck>(w);
        var f = Assert.Single(new UnsafeSysctlsCheck().Evaluate(Cluster([w], namespaces: [Namespace("team-a", ("pod-security.kubernetes.io/enforce-version", "v1.36"))])));
        Assert.Equal("net.ipv4.tcp_notsent_lowat", f.Details!["sysctls"]);
    }
}
