using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>
/// Restricted (v1.19+): seccompProfile.type must be RuntimeDefault or Localhost, on each container or else on the pod;
/// an explicit other value anywhere fails. From v1.25 Windows pods are exempt. Replaces seccompProfile_baseline.
/// </summary>
public sealed class SeccompProfileRestrictedControl : PodSecurityControl
{
    public override string Id => "seccompProfile_restricted";
    public override string Title => "Seccomp";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;
    public override int SinceMinor => 19;
    public override (string ControlId, int SinceMinor)? Replaces => (SeccompProfileBaselineControl.ControlId, 19);

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version)
    {
        if (WindowsExempt(spec, version))
            yield break;
        var pod = spec.SecurityContext.SeccompProfileType;
        if (pod is not null && !SeccompProfileBaselineControl.Valid(pod))
            yield return Violation(null, "securityContext.seccompProfile.type", pod, $"pod seccompProfile {pod}");
        var podSet = SeccompProfileBaselineControl.Valid(pod);
        foreach (var c in spec.Containers)
        {
            var type = c.SecurityContext.SeccompProfileType;
            if (type is not null && !SeccompProfileBaselineControl.Valid(type))
                yield return Violation(c, "securityContext.seccompProfile.type", type, $"{Who(c)} seccompProfile {type}");
            else if (type is null && !podSet)
                yield return Violation(c, "securityContext.seccompProfile.type", "unset", $"{Who(c)} seccompProfile is unset (nor RuntimeDefault or Localhost on the pod)");
        }
    }
}
