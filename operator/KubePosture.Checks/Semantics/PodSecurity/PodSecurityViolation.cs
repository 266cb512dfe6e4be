using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics.PodSecurity;

/// <summary>
/// One place where a pod spec breaks a Pod Security Standards control: the control, the lowest level it breaks, the
/// container (null for a pod-level field or annotation), the field relative to the container or the pod spec
/// (<c>securityContext.procMount</c>, <c>hostPID</c>; an annotation as <c>metadata.annotations[KEY]</c>), the value as
/// written, and a sentence for a finding.
/// </summary>
public sealed record PodSecurityViolation(
    string ControlId,
    PodSecurityLevel BreaksLevel,
    ContainerRecord? Container,
    string Field,
    string Value,
    string Detail);
