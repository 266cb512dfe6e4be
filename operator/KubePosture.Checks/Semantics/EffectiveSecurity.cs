using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// The security settings a container actually runs with, by Kubernetes' rules: the container's
/// <c>securityContext</c> overrides the pod's for runAsUser, runAsNonRoot, seccompProfile, appArmorProfile and
/// seLinuxOptions; an unset allowPrivilegeEscalation means allowed; privileged or CAP_SYS_ADMIN implies escalation.
/// </summary>
public static class EffectiveSecurity
{
    public static long? RunAsUser(PodSpecRecord pod, ContainerRecord container) =>
        container.SecurityContext.RunAsUser ?? pod.SecurityContext.RunAsUser;

    public static bool? RunAsNonRoot(PodSpecRecord pod, ContainerRecord container) =>
        container.SecurityContext.RunAsNonRoot ?? pod.SecurityContext.RunAsNonRoot;

    public static string? SeccompProfileType(PodSpecRecord pod, ContainerRecord container) =>
        container.SecurityContext.SeccompProfileType ?? pod.SecurityContext.SeccompProfileType;

    public static string? AppArmorProfileType(PodSpecRecord pod, ContainerRecord container) =>
        container.SecurityContext.AppArmorProfileType ?? pod.SecurityContext.AppArmorProfileType;

    public static string? SeLinuxType(PodSpecRecord pod, ContainerRecord container) =>
        container.SecurityContext.SeLinuxType ?? pod.SecurityContext.SeLinuxType;

    /// <summary>Windows HostProcess: the container's windowsOptions.hostProcess, else the pod's.</summary>
    public static bool IsHostProcess(PodSpecRecord pod, ContainerRecord container) =>
        (container.SecurityContext.HostProcess ?? pod.SecurityContext.HostProcess) == true;

    /// <summary>
    /// Whether the container may run as UID 0: an explicit effective runAsUser 0 is root whatever runAsNonRoot says;
    /// otherwise it is not root only when the effective runAsUser is non-zero or the effective runAsNonRoot is true.
    /// </summary>
    public static bool MayRunAsRoot(PodSpecRecord pod, ContainerRecord container)
    {
        var user = RunAsUser(pod, container);
        if (user == 0)
            return true;
        if (user is not null)
            return false;
        return RunAsNonRoot(pod, container) != true;
    }

    /// <summary>Why <see cref="MayRunAsRoot"/> holds, naming the field and its effective value.</summary>
    public static string RootReason(PodSpecRecord pod, ContainerRecord container)
    {
        var user = RunAsUser(pod, container);
        if (user == 0)
        {
            var where = container.SecurityContext.RunAsUser is not null ? "securityContext.runAsUser" : "pod securityContext.runAsUser";
            return $"{where} is 0 (root, whatever runAsNonRoot says)";
        }

        return RunAsNonRoot(pod, container) == false
            ? "runAsNonRoot is false and runAsUser is unset (the image's user applies, root by default)"
            : "neither runAsNonRoot: true nor a non-zero runAsUser is set (the image's user applies, root by default)";
    }

    /// <summary>True when a process may gain more privileges than its parent (no_new_privs not set).</summary>
    public static bool AllowsPrivilegeEscalation(ContainerRecord container)
    {
        var sc = container.SecurityContext;
        if (sc.Privileged == true || Capabilities.Contains(sc.CapabilitiesAdd, "SYS_ADMIN"))
            return true;
        return sc.AllowPrivilegeEscalation != false;
    }

    /// <summary>Why <see cref="AllowsPrivilegeEscalation"/> holds.</summary>
    public static string EscalationReason(ContainerRecord container)
    {
        var sc = container.SecurityContext;
        if (sc.Privileged == true)
            return "privileged: true implies allowPrivilegeEscalation";
        if (Capabilities.Contains(sc.CapabilitiesAdd, "SYS_ADMIN"))
            return "capability SYS_ADMIN implies allowPrivilegeEscalation";
        return sc.AllowPrivilegeEscalation is null
            ? "allowPrivilegeEscalation is unset (defaults to true)"
            : "allowPrivilegeEscalation is true";
    }

    /// <summary>The pod's automountServiceAccountToken wins; if unset, the ServiceAccount's; if both are unset, true.</summary>
    public static bool AutomountsToken(PodSpecRecord pod, ServiceAccountRecord? serviceAccount) =>
        pod.AutomountServiceAccountToken ?? serviceAccount?.AutomountServiceAccountToken ?? true;

    /// <summary>The service account a pod runs as: an empty serviceAccountName means "default".</summary>
    public static string ServiceAccountName(PodSpecRecord pod) =>
        string.IsNullOrEmpty(pod.ServiceAccountName) ? "default" : pod.ServiceAccountName;
}
