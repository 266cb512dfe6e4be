using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// Evaluates a pod spec against the Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards,
/// policy version "latest") as the Pod Security admission controller does: every container list counts (containers,
/// initContainers, ephemeralContainers), values are compared as written (capabilities without normalisation).
/// Pods with <c>spec.os.name: windows</c> are exempt from the Linux-only restricted controls (allowPrivilegeEscalation,
/// seccomp, capabilities), as admission does since v1.25; a Windows nodeSelector alone does not exempt a pod.
/// </summary>
public static class PodSecurityLevels
{
    /// <summary>Sysctls the baseline level allows (the "safe" set, current policy version).</summary>
    public static IReadOnlySet<string> SafeSysctls { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
        "net.ipv4.tcp_rmem",
        "net.ipv4.tcp_wmem",
    };

    /// <summary>Capabilities baseline allows adding (the runtime's default set).</summary>
    public static IReadOnlySet<string> BaselineCapabilities { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    };

    /// <summary>SELinux types baseline allows (besides unset).</summary>
    public static IReadOnlySet<string> BaselineSeLinuxTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "", "container_t", "container_init_t", "container_kvm_t", "container_engine_t",
    };

    /// <summary>Volume sources restricted allows.</summary>
    public static IReadOnlySet<string> RestrictedVolumeSources { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
    };

    /// <summary>The most restrictive level the pod spec meets.</summary>
    public static PodSecurityLevel Evaluate(PodSpecRecord spec)
    {
        var violations = Violations(spec);
        if (violations.Any(v => v.BreaksLevel == PodSecurityLevel.Baseline))
            return PodSecurityLevel.Privileged;
        return violations.Count == 0 ? PodSecurityLevel.Restricted : PodSecurityLevel.Baseline;
    }

    /// <summary>The level's name as the <c>pod-security.kubernetes.io/enforce</c> label spells it.</summary>
    public static string LabelValue(PodSecurityLevel level) => level switch
    {
        PodSecurityLevel.Restricted => "restricted",
        PodSecurityLevel.Baseline => "baseline",
        _ => "privileged",
    };

    /// <summary>Every control the spec violates; <see cref="PodSecurityViolation.BreaksLevel"/> is the lowest level it breaks.</summary>
    public static IReadOnlyList<PodSecurityViolation> Violations(PodSpecRecord spec)
    {
        var result = new List<PodSecurityViolation>();
        void Baseline(string control, string detail) => result.Add(new(PodSecurityLevel.Baseline, control, detail));
        void Restricted(string control, string detail) => result.Add(new(PodSecurityLevel.Restricted, control, detail));

        // Baseline.
        if (spec.HostNetwork)
            Baseline("Host Namespaces", "hostNetwork: true");
        if (spec.HostPid)
            Baseline("Host Namespaces", "hostPID: true");
        if (spec.HostIpc)
            Baseline("Host Namespaces", "hostIPC: true");

        foreach (var v in spec.Volumes.Where(v => v.Source == "hostPath"))
            Baseline("HostPath Volumes", $"volume \"{v.Name}\" is hostPath {v.HostPath}");

        var pod = spec.SecurityContext;
        if (pod.HostProcess == true)
            Baseline("HostProcess", "pod windowsOptions.hostProcess: true");
        if (!AppArmorAllowed(pod.AppArmorProfileType))
            Baseline("AppArmor", $"pod appArmorProfile {pod.AppArmorProfileType}");
        if (pod.SeLinuxType is not null && !BaselineSeLinuxTypes.Contains(pod.SeLinuxType))
            Baseline("SELinux", $"pod seLinuxOptions.type {pod.SeLinuxType}");
        if (!string.IsNullOrEmpty(pod.SeLinuxUser))
            Baseline("SELinux", $"pod seLinuxOptions.user {pod.SeLinuxUser}");
        if (!string.IsNullOrEmpty(pod.SeLinuxRole))
            Baseline("SELinux", $"pod seLinuxOptions.role {pod.SeLinuxRole}");
        if (pod.SeccompProfileType == "Unconfined")
            Baseline("Seccomp", "pod seccompProfile Unconfined");
        foreach (var sysctl in pod.Sysctls)
        {
            var name = SysctlName(sysctl);
            if (!SafeSysctls.Contains(name))
                Baseline("Sysctls", $"sysctl {name} is not in the safe set");
        }

        foreach (var c in spec.Containers)
        {
            var who = ContainerView.Describe(c);
            var sc = c.SecurityContext;
            if (sc.Privileged == true)
                Baseline("Privileged Containers", $"{who} privileged: true");
            foreach (var cap in sc.CapabilitiesAdd.Where(cap => !BaselineCapabilities.Contains(cap)))
                Baseline("Capabilities", $"{who} adds {cap}");
            foreach (var port in c.Ports.Where(p => p.HostPort is > 0))
                Baseline("Host Ports", $"{who} hostPort {port.HostPort}");
            if (sc.HostProcess == true)
                Baseline("HostProcess", $"{who} windowsOptions.hostProcess: true");
            if (!AppArmorAllowed(sc.AppArmorProfileType))
                Baseline("AppArmor", $"{who} appArmorProfile {sc.AppArmorProfileType}");
            if (sc.SeLinuxType is not null && !BaselineSeLinuxTypes.Contains(sc.SeLinuxType))
                Baseline("SELinux", $"{who} seLinuxOptions.type {sc.SeLinuxType}");
            if (!string.IsNullOrEmpty(sc.SeLinuxUser))
                Baseline("SELinux", $"{who} seLinuxOptions.user {sc.SeLinuxUser}");
            if (!string.IsNullOrEmpty(sc.SeLinuxRole))
                Baseline("SELinux", $"{who} seLinuxOptions.role {sc.SeLinuxRole}");
            if (sc.ProcMount is not null && sc.ProcMount != "Default")
                Baseline("/proc Mount Type", $"{who} procMount {sc.ProcMount}");
            if (sc.SeccompProfileType == "Unconfined")
                Baseline("Seccomp", $"{who} seccompProfile Unconfined");
        }

        // Restricted.
        foreach (var v in spec.Volumes.Where(v => v.Source != "hostPath" && !RestrictedVolumeSources.Contains(v.Source)))
            Restricted("Volume Types", $"volume \"{v.Name}\" is {v.Source}");

        if (pod.RunAsUser == 0)
            Restricted("Running as Non-root user", "pod runAsUser: 0");

        // An explicit pod-level runAsNonRoot: false is a bad setting even when every container sets true.
        if (pod.RunAsNonRoot == false)
            Restricted("Running as Non-root", "pod runAsNonRoot: false");

        // Linux-only restricted controls do not apply to pods that declare spec.os.name: windows (v1.25+).
        var windows = spec.OsName == "windows";

        foreach (var c in spec.Containers)
        {
            var who = ContainerView.Describe(c);
            var sc = c.SecurityContext;
            if (!windows && sc.AllowPrivilegeEscalation != false)
                Restricted("Privilege Escalation", $"{who} allowPrivilegeEscalation is not false");

            // runAsNonRoot: the container's value, else the pod's, must be true; an explicit false anywhere fails.
            if (sc.RunAsNonRoot == false || (sc.RunAsNonRoot is null && pod.RunAsNonRoot != true))
                Restricted("Running as Non-root", $"{who} runAsNonRoot is not true");
            if (sc.RunAsUser == 0)
                Restricted("Running as Non-root user", $"{who} runAsUser: 0");

            if (windows)
                continue;

            var seccomp = sc.SeccompProfileType ?? pod.SeccompProfileType;
            if (seccomp is not ("RuntimeDefault" or "Localhost") && sc.SeccompProfileType != "Unconfined" && pod.SeccompProfileType != "Unconfined")
                Restricted("Seccomp", $"{who} seccompProfile is unset");

            if (!sc.CapabilitiesDrop.Contains("ALL"))
                Restricted("Capabilities", $"{who} does not drop ALL");
            foreach (var cap in sc.CapabilitiesAdd.Where(cap => cap != "NET_BIND_SERVICE" && BaselineCapabilities.Contains(cap)))
                Restricted("Capabilities", $"{who} adds {cap}");
        }

        return result;
    }

    /// <summary>
    /// Baseline AppArmor: unset (or the empty legacy annotation), RuntimeDefault or Localhost. Anything else fails:
    /// Unconfined, and legacy annotation values other than runtime/default and localhost/* (kept as written by the
    /// mapper).
    /// </summary>
    public static bool AppArmorAllowed(string? profileType) => profileType is null or "" or "RuntimeDefault" or "Localhost";

    /// <summary>A pod sysctl entry may be "name" or "name=value".</summary>
    public static string SysctlName(string sysctl)
    {
        var eq = sysctl.IndexOf('=', StringComparison.Ordinal);
        return (eq >= 0 ? sysctl[..eq] : sysctl).Trim();
    }
}
