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

    /// <summary>From v1.25 the Linux-only restricted controls do not apply to pods with spec.os.name: windows.</summary>
    protected static bool WindowsExempt(PodSpecRecord spec, PodSecurityVersion version) => version.AtLeast(25) && spec.OsName == "windows";

    /// <summary>From v1.35 the controls about running as root and /proc allow any value to a pod in a user namespace (spec.hostUsers: false).</summary>
    protected static bool UserNamespaceExempt(PodSpecRecord spec, PodSecurityVersion version) => version.AtLeast(35) && spec.HostUsers == false;

    /// <summary>A security-context flag as a violation's value: true, false or unset.</summary>
    protected static string Text(bool? value) => value switch { true => "true", false => "false", null => "unset" };

    /// <summary>"container \"app\"" or "pod" for messages.</summary>
    protected static string Who(ContainerRecord? container) => container is null ? "pod" : ContainerView.Describe(container);
}
