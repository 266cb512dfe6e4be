using KubePosture.Checks.Semantics;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Compliance.Frameworks;

/// <summary>
/// The Pod Security Standards controls, named by the check ids of the upstream Pod Security admission library
/// (k8s.io/pod-security-admission/policy; hostProcess is upstream's windowsHostProcess). Each is decided by the Pod
/// Security evaluator per workload at its namespace's enforce version, so a level's controls agree exactly with
/// admission; the pod checks listed with a control supply the findings that name failing workloads and carry their
/// exceptions. Restricted lists the controls admission checks at the restricted level: a restricted control stands
/// for the baseline one it replaces (restrictedVolumes for hostPathVolumes, capabilities_restricted,
/// seccompProfile_restricted and procMount_restricted for their baseline forms), and a namespace pinned before the
/// replacement is held to the baseline form its version has. Workload security is the customer's on EKS (admission
/// itself runs in the AWS-operated API server; the namespace labels that switch it on are the customer's).
/// </summary>
internal static class PodSecurityStandardControls
{
    public const string Source = "https://kubernetes.io/docs/concepts/security/pod-security-standards/ (policy version latest; each namespace at its pinned enforce-version)";

    public static ControlBuilder Baseline(bool restricted)
    {
        var level = restricted ? PodSecurityLevel.Restricted : PodSecurityLevel.Baseline;
        PodSecurityDecision D(params string[] ids) => new(level, ids);
        var b = new ControlBuilder("baseline")
            .PodSecurity("hostProcess", "HostProcess", D("windowsHostProcess"), FindingFilter.DetailEndsWith("field", "windowsOptions.hostProcess"), "pod.privileged reports Windows HostProcess containers (windowsOptions.hostProcess) together with privileged ones; only its HostProcess findings name workloads here.", "pod.privileged")
            .PodSecurity("hostNamespaces", "Host Namespaces", D("hostNamespaces"), null, "pod.host-network, pod.host-pid and pod.host-ipc report the three fields.", "pod.host-network", "pod.host-pid", "pod.host-ipc")
            .PodSecurity("privileged", "Privileged Containers", D("privileged"), FindingFilter.DetailEndsWith("field", "securityContext.privileged"), "pod.privileged reports privileged: true and Windows HostProcess containers; only its privileged: true findings name workloads here (HostProcess is the hostProcess control).", "pod.privileged");
        if (!restricted)
        {
            b.PodSecurity("capabilities_baseline", "Capabilities", D("capabilities_baseline"), null, "pod.capabilities-dangerous reports any added capability outside the runtime's default set, which is what baseline forbids.", "pod.capabilities-dangerous")
                .PodSecurity("hostPathVolumes", "HostPath Volumes", D("hostPathVolumes"), null, "pod.host-path reports hostPath volumes.", "pod.host-path");
        }

        b.PodSecurity("hostPorts", "Host Ports", D("hostPorts"), null, "pod.host-port reports containers with a hostPort.", "pod.host-port")
            .PodSecurity("appArmorProfile", "AppArmor", D("appArmorProfile"), null, "pod.apparmor-unconfined reports an Unconfined profile (field or legacy annotation).", "pod.apparmor-unconfined")
            .PodSecurity("seLinuxOptions", "SELinux", D("seLinuxOptions"), null, "No check reports it: a pod or container that sets seLinuxOptions.user or .role, or a type other than container_t, container_init_t, container_kvm_t or (from v1.31) container_engine_t fails it with no finding, so it cannot be excepted.");
        if (restricted)
            b.PodSecurity("procMount_restricted", "/proc Mount Type", D("procMount_restricted", "procMount"), null, "From v1.35 restricted requires procMount unset or Default even in a user namespace (procMount_restricted); before, the baseline procMount rule applies. pod.proc-mount reports procMount other than Default.", "pod.proc-mount");
        else
            b.PodSecurity("procMount", "/proc Mount Type", D("procMount"), null, "pod.proc-mount reports procMount other than Default.", "pod.proc-mount");
        if (!restricted)
            b.PodSecurity("seccompProfile_baseline", "Seccomp", D("seccompProfile_baseline"), FindingFilter.Detail("effectiveSeccompProfile", "Unconfined"), "Baseline forbids only an explicit Unconfined profile: of pod.seccomp's findings only those whose effective profile is Unconfined name workloads here (an unset profile is a restricted violation).", "pod.seccomp");
        b.PodSecurity("sysctls", "Sysctls", D("sysctls"), null, "pod.unsafe-sysctls reports sysctls outside the safe set.", "pod.unsafe-sysctls")
            .PodSecurity("hostProbesAndHostLifecycle", "Probes and Lifecycle Hooks host", D("hostProbesAndHostLifecycle"), null, "The control exists from policy v1.34: a namespace pinned earlier passes it. pod.probe-host reports probes and lifecycle handlers that set httpGet.host or tcpSocket.host.", "pod.probe-host");
        return b;
    }

    public static ControlBuilder Restricted()
    {
        static PodSecurityDecision D(params string[] ids) => new(PodSecurityLevel.Restricted, ids);
        return new ControlBuilder("restricted")
            .PodSecurity("restrictedVolumes", "Volume Types", D("restrictedVolumes"), null, "Volumes other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret fail it (it replaces hostPathVolumes at restricted). pod.host-path names hostPath workloads; other volume types fail with no finding, so they cannot be excepted.", "pod.host-path")
            .PodSecurity("allowPrivilegeEscalation", "Privilege Escalation", D("allowPrivilegeEscalation"), null, "pod.privilege-escalation reports containers that do not set allowPrivilegeEscalation: false (Windows pods exempt).", "pod.privilege-escalation")
            .PodSecurity("runAsNonRoot", "Running as Non-root", D("runAsNonRoot"), null, "pod.run-as-root reports containers whose effective runAsNonRoot is not true and whose runAsUser is not a non-zero UID.", "pod.run-as-root")
            .PodSecurity("runAsUser", "Running as Non-root user", D("runAsUser"), null, "The control exists from policy v1.23. pod.run-as-root reports an explicit runAsUser: 0 whatever runAsNonRoot says.", "pod.run-as-root")
            .PodSecurity("seccompProfile_restricted", "Seccomp", D("seccompProfile_restricted", "seccompProfile_baseline"), null, "From v1.19 the effective profile must be RuntimeDefault or Localhost (Windows pods exempt); before, the baseline rule applies. pod.seccomp reports containers that break it.", "pod.seccomp")
            .PodSecurity("capabilities_restricted", "Capabilities", D("capabilities_restricted", "capabilities_baseline"), null, "From v1.22 containers must drop ALL and add nothing but NET_BIND_SERVICE; before, the baseline rule applies. pod.capabilities-not-dropped and pod.capabilities-dangerous name most failing workloads; adding a default-set capability such as CHOWN fails with no finding.", "pod.capabilities-not-dropped", "pod.capabilities-dangerous");
    }
}
