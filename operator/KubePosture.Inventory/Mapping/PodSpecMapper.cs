using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Inventory.Mapping;

/// <summary>
/// V1PodSpec (of a pod or of a workload's pod template) to <see cref="PodSpecRecord"/>: containers, init and
/// ephemeral containers, security contexts as written (checks compute effective values), the legacy AppArmor
/// annotations folded into the container field, env without values, and volume sources by field name.
/// </summary>
internal static class PodSpecMapper
{
    /// <summary>The legacy (pre-1.30) per-container AppArmor annotation prefix.</summary>
    public const string LegacyAppArmorAnnotationPrefix = LegacyProfileAnnotations.AppArmorContainerPrefix;

    private static readonly (PropertyInfo Property, string FieldName)[] VolumeSources = typeof(V1Volume)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.Name != nameof(V1Volume.Name))
        .Select(p => (p, p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? char.ToLowerInvariant(p.Name[0]) + p.Name[1..]))
        .ToArray();

    public static PodSpecRecord Map(V1PodSpec? spec, IDictionary<string, string>? podAnnotations, StringPool pool)
    {
        if (spec is null)
            return new PodSpecRecord(false, false, false, "default", null, PodSecurityContextRecord.Empty, [], []);

        var containers = new List<ContainerRecord>();
        foreach (var c in spec.InitContainers ?? [])
            containers.Add(MapContainer(c.Name, ContainerKind.Init, c.Image, c.SecurityContext, c.Ports, c.Resources, c.Env, c.EnvFrom, c.VolumeMounts, podAnnotations, pool, HandlerHosts(c.LivenessProbe, c.ReadinessProbe, c.StartupProbe, c.Lifecycle, pool)));
        foreach (var c in spec.Containers ?? [])
            containers.Add(MapContainer(c.Name, ContainerKind.Container, c.Image, c.SecurityContext, c.Ports, c.Resources, c.Env, c.EnvFrom, c.VolumeMounts, podAnnotations, pool, HandlerHosts(c.LivenessProbe, c.ReadinessProbe, c.StartupProbe, c.Lifecycle, pool)));
        containers.AddRange(MapEphemeral(spec.EphemeralContainers, podAnnotations, pool));

        // serviceAccount is the deprecated alias of serviceAccountName; the API server fills "default" when both are empty.
        var serviceAccount = !string.IsNullOrEmpty(spec.ServiceAccountName) ? spec.ServiceAccountName
            : !string.IsNullOrEmpty(spec.ServiceAccount) ? spec.ServiceAccount : "default";

        return new PodSpecRecord(
            spec.HostNetwork ?? false,
            spec.HostPID ?? false,
            spec.HostIPC ?? false,
            pool.Intern(serviceAccount),
            spec.AutomountServiceAccountToken,
            MapPodSecurityContext(spec.SecurityContext, pool),
            containers.ToArray(),
            (spec.Volumes ?? []).Select(v => MapVolume(v, pool)).ToArray())
        {
            OsName = pool.InternOrNull(spec.Os?.Name),
            WindowsNodeSelector = spec.NodeSelector is { } selector
                && (selector.TryGetValue("kubernetes.io/os", out var os) || selector.TryGetValue("beta.kubernetes.io/os", out os))
                && os == "windows",
            HostUsers = spec.HostUsers,
            SecurityAnnotations = SecurityAnnotations(podAnnotations, pool),
        };
    }

    /// <summary>The legacy AppArmor and seccomp annotations of the pod (template), in key order; most pods have none.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> SecurityAnnotations(IDictionary<string, string>? annotations, StringPool pool)
    {
        if (annotations is null || annotations.Count == 0)
            return [];
        List<KeyValuePair<string, string>>? kept = null;
        foreach (var (key, value) in annotations)
        {
            if (!LegacyProfileAnnotations.IsSecurityAnnotation(key))
                continue;
            (kept ??= []).Add(new(pool.Intern(key), pool.Intern(value ?? "")));
        }

        return kept is null ? [] : [.. kept.OrderBy(a => a.Key, StringComparer.Ordinal)];
    }

    /// <summary>Probes and lifecycle handlers that set <c>host</c> on httpGet or tcpSocket (the path names the field).</summary>
    private static IReadOnlyList<HandlerHostRecord> HandlerHosts(V1Probe? liveness, V1Probe? readiness, V1Probe? startup, V1Lifecycle? lifecycle, StringPool pool)
    {
        if (liveness is null && readiness is null && startup is null && lifecycle is null)
            return [];
        List<HandlerHostRecord>? hosts = null;
        void Add(string field, string? host)
        {
            if (!string.IsNullOrEmpty(host))
                (hosts ??= []).Add(new HandlerHostRecord(pool.Intern(field), pool.Intern(host)));
        }

        Add("livenessProbe.httpGet.host", liveness?.HttpGet?.Host);
        Add("livenessProbe.tcpSocket.host", liveness?.TcpSocket?.Host);
        Add("readinessProbe.httpGet.host", readiness?.HttpGet?.Host);
        Add("readinessProbe.tcpSocket.host", readiness?.TcpSocket?.Host);
        Add("startupProbe.httpGet.host", startup?.HttpGet?.Host);
        Add("startupProbe.tcpSocket.host", startup?.TcpSocket?.Host);
        Add("lifecycle.postStart.httpGet.host", lifecycle?.PostStart?.HttpGet?.Host);
        Add("lifecycle.postStart.tcpSocket.host", lifecycle?.PostStart?.TcpSocket?.Host);
        Add("lifecycle.preStop.httpGet.host", lifecycle?.PreStop?.HttpGet?.Host);
        Add("lifecycle.preStop.tcpSocket.host", lifecycle?.PreStop?.TcpSocket?.Host);
        return hosts is null ? [] : [.. hosts];
    }

    /// <summary>Ephemeral containers only: what a pod owned by a workload adds to its owner's spec.</summary>
    public static IReadOnlyList<ContainerRecord> MapEphemeral(IList<V1EphemeralContainer>? ephemeral, IDictionary<string, string>? podAnnotations, StringPool pool)
    {
        if (ephemeral is null || ephemeral.Count == 0)
            return [];
        return ephemeral
            .Select(c => MapContainer(c.Name, ContainerKind.Ephemeral, c.Image, c.SecurityContext, c.Ports, c.Resources, c.Env, c.EnvFrom, c.VolumeMounts, podAnnotations, pool, HandlerHosts(c.LivenessProbe, c.ReadinessProbe, c.StartupProbe, c.Lifecycle, pool)))
            .ToArray();
    }

    public static PodSecurityContextRecord MapPodSecurityContext(V1PodSecurityContext? sc, StringPool pool)
    {
        if (sc is null)
            return PodSecurityContextRecord.Empty;
        return new PodSecurityContextRecord(
            sc.RunAsUser,
            sc.RunAsGroup,
            sc.RunAsNonRoot,
            pool.InternOrNull(sc.SeccompProfile?.Type),
            pool.InternOrNull(sc.AppArmorProfile?.Type),
            pool.InternOrNull(sc.SeLinuxOptions?.Type),
            pool.List(sc.Sysctls?.Select(s => s.Name)))
        {
            HostProcess = sc.WindowsOptions?.HostProcess,
            SeLinuxUser = pool.InternOrNull(sc.SeLinuxOptions?.User),
            SeLinuxRole = pool.InternOrNull(sc.SeLinuxOptions?.Role),
        };
    }

    private static ContainerRecord MapContainer(
        string? name,
        ContainerKind kind,
        string? image,
        V1SecurityContext? sc,
        IList<V1ContainerPort>? ports,
        V1ResourceRequirements? resources,
        IList<V1EnvVar>? env,
        IList<V1EnvFromSource>? envFrom,
        IList<V1VolumeMount>? mounts,
        IDictionary<string, string>? podAnnotations,
        StringPool pool,
        IReadOnlyList<HandlerHostRecord> handlerHosts)
    {
        name ??= "";
        var appArmor = sc?.AppArmorProfile?.Type;
        if (appArmor is null && podAnnotations is not null
            && podAnnotations.TryGetValue(LegacyAppArmorAnnotationPrefix + name, out var legacy))
        {
            appArmor = LegacyProfileAnnotations.AppArmorType(legacy);
        }

        var security = sc is null && appArmor is null
            ? ContainerSecurityContextRecord.Empty
            : new ContainerSecurityContextRecord(
                sc?.Privileged,
                sc?.AllowPrivilegeEscalation,
                sc?.ReadOnlyRootFilesystem,
                sc?.RunAsUser,
                sc?.RunAsNonRoot,
                pool.InternOrNull(sc?.SeccompProfile?.Type),
                pool.InternOrNull(appArmor),
                pool.InternOrNull(sc?.SeLinuxOptions?.Type),
                pool.InternOrNull(sc?.ProcMount),
                pool.List(sc?.Capabilities?.Add),
                pool.List(sc?.Capabilities?.Drop))
            {
                HostProcess = sc?.WindowsOptions?.HostProcess,
                SeLinuxUser = pool.InternOrNull(sc?.SeLinuxOptions?.User),
                SeLinuxRole = pool.InternOrNull(sc?.SeLinuxOptions?.Role),
            };

        return new ContainerRecord(
            pool.Intern(name),
            kind,
            pool.Intern(image ?? ""),
            security,
            ports is { Count: > 0 }
                ? ports.Select(p => new ContainerPortRecord(p.ContainerPort, p.HostPort is > 0 ? p.HostPort : null, pool.Intern(p.Protocol ?? "TCP"))).ToArray()
                : [],
            MapResources(resources),
            env is { Count: > 0 }
                ? env.Select(e => new EnvVarRecord(
                    pool.Intern(e.Name ?? ""),
                    !string.IsNullOrEmpty(e.Value),
                    e.ValueFrom?.SecretKeyRef is { } secret ? pool.Intern(secret.Name ?? "") : null)).ToArray()
                : [],
            mounts is { Count: > 0 }
                ? mounts.Select(m => new VolumeMountRecord(pool.Intern(m.Name ?? ""), pool.Intern(m.MountPath ?? ""), m.ReadOnlyProperty ?? false)).ToArray()
                : [])
        {
            HandlerHosts = handlerHosts,
            EnvFromSecrets = envFrom is { Count: > 0 } && envFrom.Any(f => f.SecretRef is not null)
                ? [.. envFrom.Where(f => f.SecretRef is not null).Select(f => pool.Intern(f.SecretRef.Name ?? ""))]
                : [],
        };
    }

    /// <summary>
    /// Requests default to limits when only limits are set (the API server's defaulting), so a container with a
    /// memory limit and no memory request has a memory request.
    /// </summary>
    private static ResourcesRecord MapResources(V1ResourceRequirements? r)
    {
        if (r is null)
            return ResourcesRecord.None;
        var cpuLimit = r.Limits?.ContainsKey("cpu") ?? false;
        var memoryLimit = r.Limits?.ContainsKey("memory") ?? false;
        return new ResourcesRecord(
            (r.Requests?.ContainsKey("cpu") ?? false) || cpuLimit,
            (r.Requests?.ContainsKey("memory") ?? false) || memoryLimit,
            cpuLimit,
            memoryLimit);
    }

    private static VolumeRecord MapVolume(V1Volume v, StringPool pool)
    {
        var source = "unknown";
        foreach (var (property, fieldName) in VolumeSources)
        {
            if (property.GetValue(v) is not null)
            {
                source = fieldName;
                break;
            }
        }

        // A volume with no source set is an emptyDir (API server defaulting).
        if (source == "unknown")
            source = "emptyDir";
        return new VolumeRecord(pool.Intern(v.Name ?? ""), pool.Intern(source), pool.InternOrNull(v.HostPath?.Path), pool.InternOrNull(v.HostPath?.Type));
    }
}
