using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>
/// Baseline: the AppArmor profile (pod or container field) may be unset, RuntimeDefault or Localhost, and a legacy
/// <c>container.apparmor.security.beta.kubernetes.io/*</c> annotation empty, runtime/default or localhost/* (all
/// versions). The inventory folds a container's annotation into its unset field; an annotation it did not fold (its
/// container sets the field, or no container has its name) is checked on its own, as admission checks every one.
/// </summary>
public sealed class AppArmorProfileControl : PodSecurityControl
{
    public override string Id => "appArmorProfile";
    public override string Title => "AppArmor";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    /// <summary>Unset, RuntimeDefault or Localhost; any other value (Unconfined, a legacy value as written) is not allowed.</summary>
    public static bool Allowed(string? profileType) => profileType is null or "RuntimeDefault" or "Localhost" || profileType.Length == 0;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version)
    {
        var pod = spec.SecurityContext.AppArmorProfileType;
        if (!Allowed(pod))
            yield return Violation(null, "securityContext.appArmorProfile.type", pod!, $"pod appArmorProfile {pod}");
        foreach (var c in spec.Containers)
        {
            var type = c.SecurityContext.AppArmorProfileType;
            if (!Allowed(type))
                yield return Violation(c, "securityContext.appArmorProfile.type", type!, $"{Who(c)} appArmorProfile {type}");
        }

        foreach (var (key, value) in spec.SecurityAnnotations)
        {
            if (!key.StartsWith(LegacyProfileAnnotations.AppArmorContainerPrefix, StringComparison.Ordinal)
                || LegacyProfileAnnotations.AppArmorAnnotationAllowed(value))
            {
                continue;
            }

            var name = key[LegacyProfileAnnotations.AppArmorContainerPrefix.Length..];
            var folded = spec.Containers.FirstOrDefault(c => c.Name == name)?.SecurityContext.AppArmorProfileType;
            if (folded is not null && folded == LegacyProfileAnnotations.AppArmorType(value))
                continue; // reported above as the container's profile
            yield return Violation(null, $"metadata.annotations[{key}]", value, $"annotation {key}={value}");
        }
    }
}
