namespace KubePosture.Checks.Semantics;

/// <summary>Pod Security Standards levels, ordered from least to most restrictive.</summary>
public enum PodSecurityLevel
{
    /// <summary>Violates baseline: unrestricted.</summary>
    Privileged = 0,

    /// <summary>Meets baseline (prevents known privilege escalations) but not restricted.</summary>
    Baseline = 1,

    /// <summary>Meets restricted (hardening best practices).</summary>
    Restricted = 2,
}
