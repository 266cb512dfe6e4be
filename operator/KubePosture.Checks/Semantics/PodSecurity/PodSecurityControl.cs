using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity;

/// <summary>
/// One Pod Security Standards control as Pod Security admission checks it (upstream <c>k8s.io/pod-security-admission</c>
/// <c>policy/check_*.go</c>): its id (upstream's check id), the level it belongs to, the first policy version that has
/// it, and its rule per version. A restricted control may replace a baseline one at the restricted level from a
/// version on (<see cref="Replaces"/>): for example restrictedVolumes replaces hostPathVolumes.
/// </summary>
public abstract class PodSecurityControl
{
    /// <summary>The upstream check id: hostNamespaces, privileged, capabilities_baseline, ...</summary>
    public abstract string Id { get; }

    /// <summary>The control's name in the Pod Security Standards document.</summary>
    public abstract string Title { get; }

    /// <summary>Baseline or Restricted: the lowest level that enforces the control.</summary>
    public abstract PodSecurityLevel Level { get; }

    /// <summary>The first policy version (v1.N) that has this control.</summary>
    public virtual int SinceMinor => 0;

    /// <summary>The baseline control this one replaces at the restricted level, from which version on; null when none.</summary>
    public virtual (string ControlId, int SinceMinor)? Replaces => null;

    /// <summary>True when policy version <paramref name="version"/> has this control.</summary>
    public bool AppliesAt(PodSecurityVersion version) => version.AtLeast(SinceMinor);

    /// <summary>Where <paramref name="spec"/> breaks the control at <paramref name="version"/>; empty when allowed.
    /// Only called when <see cref="AppliesAt"/> holds.</summary>
    public abstract IEnumerable<PodSecurityViolation> Check(PodSpecRecord spec, PodSecurityVersion version);

    /// <summary>A violation of this control.</summary>
    protected PodSecurityViolation Violation(ContainerRecord? container, string field, string value, string detail) =>
        new(Id, Level, container, field, value, detail);

    /// <summary>"container \"app\"" or "pod" for messages.</summary>
    protected static string Who(ContainerRecord? container) => container is null ? "pod" : ContainerView.Describe(container);
}
