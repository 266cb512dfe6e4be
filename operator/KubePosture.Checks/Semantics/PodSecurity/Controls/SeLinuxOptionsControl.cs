using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>
/// Baseline: seLinuxOptions.type may be unset, empty, container_t, container_init_t or container_kvm_t, and from v1.31
/// also container_engine_t; user and role must be unset or empty (pod and containers, all versions).
/// </summary>
public sealed class SeLinuxOptionsControl : PodSecurityControl
{
    private static readonly HashSet<string> TypesV1Dot0 = new(StringComparer.Ordinal) { "", "container_t", "container_init_t", "container_kvm_t" };
    private static readonly HashSet<string> TypesV1Dot31 = new(TypesV1Dot0, StringComparer.Ordinal) { "container_engine_t" };

    public override string Id => "seLinuxOptions";
    public override string Title => "SELinux";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    /// <summary>The SELinux types baseline allows at <paramref name="version"/> (besides unset).</summary>
    public static IReadOnlySet<string> AllowedTypes(PodSecurityVersion version) => version.AtLeast(31) ? TypesV1Dot31 : TypesV1Dot0;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version)
    {
        var types = AllowedTypes(version);
        var pod = spec.SecurityContext;
        foreach (var v in Options(null, pod.SeLinuxType, pod.SeLinuxUser, pod.SeLinuxRole, types))
            yield return v;
        foreach (var c in spec.Containers)
        {
            var sc = c.SecurityContext;
            foreach (var v in Options(c, sc.SeLinuxType, sc.SeLinuxUser, sc.SeLinuxRole, types))
                yield return v;
        }
    }

    private IEnumerable<PodSecurityViolation> Options(ContainerRecord? c, string? type, string? user, string? role, IReadOnlySet<string> types)
    {
        if (type is not null && !types.Contains(type))
            yield return Violation(c, "securityContext.seLinuxOptions.type", type, $"{Who(c)} seLinuxOptions.type {type}");
        if (!string.IsNullOrEmpty(user))
            yield return Violation(c, "securityContext.seLinuxOptions.user", user, $"{Who(c)} seLinuxOptions.user {user}");
        if (!string.IsNullOrEmpty(role))
            yield return Violation(c, "securityContext.seLinuxOptions.role", role, $"{Who(c)} seLinuxOptions.role {role}");
    }
}
