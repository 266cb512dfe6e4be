namespace KubePosture.Checks.Compliance.Frameworks;

/// <summary>
/// The Pod Security Standards controls, named by the check ids of the upstream Pod Security admission library
/// (k8s.io/pod-security-admission/policy), mapped onto kubeposture's pod checks. The baseline and restricted
/// frameworks list them; restricted replaces the baseline capabilities and seccomp controls with its stricter ones,
/// as admission does. Workload security is the customer's on EKS (admission itself runs in the AWS-operated API
/// server; the namespace labels that switch it on are the customer's).
/// </summary>
internal static class PodSecurityStandardControls
{
    public const string Source = "https://kubernetes.io/docs/concepts/security/pod-security-standards/ (policy version latest)";

    public static ControlBuilder Baseline(bool restricted)
    {
        var b = new ControlBuilder("baseline")
            .Automated("hostProcess", "HostProcess", FindingFilter.DetailEndsWith("field", "windowsOptions.hostProcess"), "pod.privileged reports Windows HostProcess containers (windowsOptions.hostProcess) together with privileged ones; only its HostProcess findings count here.", "pod.privileged")
            .Automated("hostNamespaces", "Host Namespaces", "pod.host-network, pod.host-pid and pod.host-ipc report the three fields.", "pod.host-network", "pod.host-pid", "pod.host-ipc")
            .Automated("privileged", "Privileged Containers", FindingFilter.DetailEndsWith("field", "securityContext.privileged"), "pod.privileged reports privileged: true and Windows HostProcess containers; only its privileged: true findings count here (HostProcess is the hostProcess control).", "pod.privileged");
        if (!restricted)
            b.Automated("capabilities_baseline", "Capabilities", "pod.capabilities-dangerous reports any added capability outside the runtime's default set, which is what baseline forbids.", "pod.capabilities-dangerous");
        b.Automated("hostPathVolumes", "HostPath Volumes", "pod.host-path reports hostPath volumes.", "pod.host-path")
            .Automated("hostPorts", "Host Ports", "pod.host-port reports containers with a hostPort.", "pod.host-port")
            .Automated("appArmorProfile", "AppArmor", "pod.apparmor-unconfined reports an Unconfined profile (field or legacy annotation).", "pod.apparmor-unconfined")
            .Manual("seLinuxOptions", "SELinux", "Check that no pod or container sets seLinuxOptions.user or .role, or a type other than container_t, container_init_t, container_kvm_t or container_engine_t. The workload's level (summary podSecurityLevels) accounts for it; a per-control check is not written yet.")
            .Automated("procMount", "/proc Mount Type", "pod.proc-mount reports procMount other than Default.", "pod.proc-mount");
        if (!restricted)
            b.Automated("seccompProfile_baseline", "Seccomp", FindingFilter.Detail("effectiveSeccompProfile", "Unconfined"), "Baseline forbids only an explicit Unconfined profile: of pod.seccomp's findings only those whose effective profile is Unconfined count (an unset profile is a restricted violation).", "pod.seccomp");
        b.Automated("sysctls", "Sysctls", "pod.unsafe-sysctls reports sysctls outside the safe set.", "pod.unsafe-sysctls")
            .Automated("hostProbesAndHostLifecycle", "Probes and Lifecycle Hooks host", "pod.probe-host reports probes and lifecycle handlers that set httpGet.host or tcpSocket.host (policy v1.34 and later, at the version the namespace enforces).", "pod.probe-host");
        return b;
    }

    public static ControlBuilder Restricted() => new ControlBuilder("restricted")
        .Manual("restrictedVolumes", "Volume Types", "Check that volumes are only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret. hostPath is reported by pod.host-path; other types are counted in the workload's level (summary podSecurityLevels) but have no per-control check yet.")
        .Automated("allowPrivilegeEscalation", "Privilege Escalation", "pod.privilege-escalation reports containers that do not set allowPrivilegeEscalation: false (Windows pods exempt).", "pod.privilege-escalation")
        .Automated("runAsNonRoot", "Running as Non-root", "pod.run-as-root reports containers whose effective runAsNonRoot is not true and whose runAsUser is not a non-zero UID.", "pod.run-as-root")
        .Automated("runAsUser", "Running as Non-root user", "pod.run-as-root reports an explicit runAsUser: 0 whatever runAsNonRoot says.", "pod.run-as-root")
        .Automated("seccompProfile_restricted", "Seccomp", "pod.seccomp reports containers whose effective seccomp profile is not RuntimeDefault or Localhost (Windows pods exempt).", "pod.seccomp")
        .Automated("capabilities_restricted", "Capabilities", "pod.capabilities-not-dropped reports containers that do not drop ALL; pod.capabilities-dangerous those that add one outside the runtime's default set. Adding a default-set capability other than NET_BIND_SERVICE (CHOWN, say), which restricted also forbids, is not seen by either check yet.", "pod.capabilities-not-dropped", "pod.capabilities-dangerous");
}
