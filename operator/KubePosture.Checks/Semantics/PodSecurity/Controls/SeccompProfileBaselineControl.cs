using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>
/// Baseline: before v1.19 the seccomp annotations (pod, and each container's) may be runtime/default, docker/default or
/// localhost/*; from v1.19 the seccompProfile.type fields (pod and containers) may be unset, RuntimeDefault or
/// Localhost. Unconfined fails.
/// </summary>
public sealed class SeccompProfileBaselineControl : PodSecurityControl
{
    public const string ControlId = "seccompProfile_baseline";

    public override string Id => ControlId;
    public override string Title => "Seccomp";
    public override PodSecurityLevel Level => PodSecurityLevel.Baseline;

    /// <summary>RuntimeDefault or Localhost.</summary>
    public static bool Valid(string? type) => type is "RuntimeDefault" or "Localhost";

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version)
    {
        if (!version.AtLeast(19))
        {
            foreach (var (key, value) in spec.SecurityAnnotations)
            {
                var applies = key == LegacyProfileAnnotations.SeccompPod
                    || (key.StartsWith(LegacyProfileAnnotations.SeccompContainerPrefix, StringComparison.Ordinal)
                        && spec.Containers.Any(c => c.Name == key[LegacyProfileAnnotations.SeccompContainerPrefix.Length..]));
                if (applies && !LegacyProfileAnnotations.SeccompAnnotationAllowed(value))
                    yield return Violation(null, $"metadata.annotations[{key}]", value, $"annotation {key}={value}");
            }

            yield break;
        }

        var pod = spec.SecurityContext.SeccompProfileType;
        if (pod is not null && !Valid(pod))
            yield return Violation(null, "securityContext.seccompProfile.type", pod, $"pod seccompProfile {pod}");
        foreach (var c in spec.Containers)
        {
            var type = c.SecurityContext.SeccompProfileType;
            if (type is not null && !Valid(type))
                yield return Violation(c, "securityContext.seccompProfile.type", type, $"{Who(c)} seccompProfile {type}");
        }
    }
}
