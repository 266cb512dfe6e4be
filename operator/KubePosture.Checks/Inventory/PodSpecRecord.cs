namespace KubePosture.Checks.Inventory;

public enum ContainerKind
{
    Container,
    Init,
    Ephemeral,
}

/// <summary>The fields of a pod spec that checks read. Effective values are computed by checks (see EffectiveSecurity).</summary>
public sealed record PodSpecRecord(
    bool HostNetwork,
    bool HostPid,
    bool HostIpc,
    string ServiceAccountName,
    bool? AutomountServiceAccountToken,
    PodSecurityContextRecord SecurityContext,
    IReadOnlyList<ContainerRecord> Containers,
    IReadOnlyList<VolumeRecord> Volumes)
{
    /// <summary><c>spec.os.name</c> as written (null when unset). Pod Security admission exempts "windows" pods from
    /// the Linux-only restricted controls (allowPrivilegeEscalation, seccomp, capabilities).</summary>
    public string? OsName { get; init; }

    /// <summary>The pod's nodeSelector pins it to Windows nodes (<c>kubernetes.io/os: windows</c>, or the beta label).</summary>
    public bool WindowsNodeSelector { get; init; }

    /// <summary>
    /// The pod runs on Windows (<c>spec.os.name: windows</c> or a Windows nodeSelector): the Linux-only securityContext
    /// fields (allowPrivilegeEscalation, seccompProfile, capabilities, readOnlyRootFilesystem) cannot be set on it
    /// (the API rejects them when os.name is windows) and mean nothing to the Windows kubelet.
    /// </summary>
    public bool IsWindows => OsName == "windows" || WindowsNodeSelector;

    /// <summary><c>spec.hostUsers</c> as written (null when unset). <c>false</c> runs the pod in a user namespace, which
    /// Pod Security admission (v1.35+) takes into account for procMount (baseline), runAsNonRoot and runAsUser.</summary>
    public bool? HostUsers { get; init; }

    /// <summary>
    /// The pod template's legacy security annotations as written, in key order: the AppArmor
    /// <c>container.apparmor.security.beta.kubernetes.io/*</c> ones and the seccomp <c>seccomp.security.alpha.kubernetes.io/pod</c>
    /// and <c>container.seccomp.security.alpha.kubernetes.io/*</c> ones (read by Pod Security admission before v1.19).
    /// Other annotations are not kept.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> SecurityAnnotations { get; init; } = [];
}

/// <summary>Pod-level security context. Profile types use the API's spelling: RuntimeDefault, Localhost, Unconfined.</summary>
public sealed record PodSecurityContextRecord(
    long? RunAsUser,
    long? RunAsGroup,
    bool? RunAsNonRoot,
    string? SeccompProfileType,
    string? AppArmorProfileType,
    string? SeLinuxType,
    IReadOnlyList<string> Sysctls)
{
    public static PodSecurityContextRecord Empty { get; } = new(null, null, null, null, null, null, []);

    /// <summary><c>windowsOptions.hostProcess</c> (null = unset): a Windows HostProcess pod has the node's privileges.</summary>
    public bool? HostProcess { get; init; }

    /// <summary><c>seLinuxOptions.user</c> (null = unset); baseline allows only unset or "".</summary>
    public string? SeLinuxUser { get; init; }

    /// <summary><c>seLinuxOptions.role</c> (null = unset); baseline allows only unset or "".</summary>
    public string? SeLinuxRole { get; init; }
}

/// <summary>
/// Container-level security context as written (null = unset). The mapper folds the legacy AppArmor
/// annotation <c>container.apparmor.security.beta.kubernetes.io/NAME</c> into <see cref="AppArmorProfileType"/>
/// (runtime/default becomes RuntimeDefault, localhost/x Localhost, unconfined Unconfined).
/// </summary>
public sealed record ContainerSecurityContextRecord(
    bool? Privileged,
    bool? AllowPrivilegeEscalation,
    bool? ReadOnlyRootFilesystem,
    long? RunAsUser,
    bool? RunAsNonRoot,
    string? SeccompProfileType,
    string? AppArmorProfileType,
    string? SeLinuxType,
    string? ProcMount,
    IReadOnlyList<string> CapabilitiesAdd,
    IReadOnlyList<string> CapabilitiesDrop)
{
    public static ContainerSecurityContextRecord Empty { get; } = new(null, null, null, null, null, null, null, null, null, [], []);

    /// <summary><c>windowsOptions.hostProcess</c> (null = unset).</summary>
    public bool? HostProcess { get; init; }

    /// <summary><c>seLinuxOptions.user</c> (null = unset).</summary>
    public string? SeLinuxUser { get; init; }

    /// <summary><c>seLinuxOptions.role</c> (null = unset).</summary>
    public string? SeLinuxRole { get; init; }
}

public sealed record ContainerRecord(
    string Name,
    ContainerKind Kind,
    string Image,
    ContainerSecurityContextRecord SecurityContext,
    IReadOnlyList<ContainerPortRecord> Ports,
    ResourcesRecord Resources,
    IReadOnlyList<EnvVarRecord> Env,
    IReadOnlyList<VolumeMountRecord> VolumeMounts)
{
    /// <summary>Probes and lifecycle handlers of the container that set a non-empty <c>host</c> (usually none).</summary>
    public IReadOnlyList<HandlerHostRecord> HandlerHosts { get; init; } = [];

    /// <summary>The Secrets <c>envFrom[].secretRef</c> turns into environment variables, by name (usually none).</summary>
    public IReadOnlyList<string> EnvFromSecrets { get; init; } = [];
}

/// <summary>
/// A probe or lifecycle handler that sets <c>host</c> (httpGet or tcpSocket): <see cref="Field"/> is its path in the container
/// (<c>livenessProbe.httpGet.host</c>), <see cref="Host"/> the value as written.
/// </summary>
public sealed record HandlerHostRecord(string Field, string Host);

public sealed record ContainerPortRecord(int ContainerPort, int? HostPort, string Protocol);

/// <summary>Which requests and limits are set (values are not needed by any check).</summary>
public sealed record ResourcesRecord(bool CpuRequest, bool MemoryRequest, bool CpuLimit, bool MemoryLimit)
{
    public static ResourcesRecord None { get; } = new(false, false, false, false);
}

/// <summary>
/// An env var by name. Literal values are never kept in the inventory (they may be secrets): only whether a
/// non-empty literal <c>value</c> is set, and the Secret a <c>valueFrom.secretKeyRef</c> names.
/// </summary>
public sealed record EnvVarRecord(string Name, bool HasLiteralValue, string? SecretName = null);

public sealed record VolumeMountRecord(string Name, string MountPath, bool ReadOnly);

/// <summary>A pod volume; <see cref="Source"/> is the volume source field name (hostPath, secret, emptyDir, ...).</summary>
public sealed record VolumeRecord(string Name, string Source, string? HostPath, string? HostPathType);
