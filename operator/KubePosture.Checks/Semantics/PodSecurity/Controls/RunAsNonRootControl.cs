using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity.Controls;

/// <summary>
/// Restricted: runAsNonRoot must be true on the pod or on every container, and false nowhere; from v1.35 any value is
/// allowed when the pod runs in a user namespace (spec.hostUsers: false).
/// </summary>
public sealed class RunAsNonRootControl : PodSecurityControl
{
    public override string Id => "runAsNonRoot";
    public override string Title => "Running as Non-root";
    public override PodSecurityLevel Level => PodSecurityLevel.Restricted;

    public override IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version)
    {
        if (UserNamespaceExempt(spec, version))
            yield break;
        var pod = spec.SecurityContext.RunAsNonRoot;
        if (pod == false)
            yield return Violation(null, "securityContext.runAsNonRoot", "false", "pod runAsNonRoot: false");
        foreach (var c in spec.Containers)
        {
            var own = c.SecurityContext.RunAsNonRoot;
            if (own == false || (own is null && pod != true))
            {
                yield return Violation(c, "securityContext.runAsNonRoot", Text(own),
                    own == false ? $"{Who(c)} runAsNonRoot: false" : $"{Who(c)} runAsNonRoot is not true (nor on the pod)");
            }
        }
    }
}
