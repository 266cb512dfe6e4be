namespace KubePosture.Checks.Compliance;

/// <summary>How a control is assessed: by checks, by a person, or by AWS.</summary>
public abstract record ControlAssessment
{
    private ControlAssessment()
    {
    }

    /// <summary>
    /// Decided by the findings of <paramref name="CheckIds"/>: fails when one of them has an active finding, passes only
    /// when every one of them ran and found nothing. <paramref name="Rationale"/> says why these checks decide the control
    /// and what of the control they do not see. With a <see cref="Filter"/> only the findings it matches count.
    /// </summary>
    public sealed record Automated(IReadOnlyList<string> CheckIds, string Rationale) : ControlAssessment
    {
        public FindingFilter? Filter { get; init; }

        /// <summary>
        /// Set for a Pod Security Standards control: the Pod Security evaluator decides it per workload at its
        /// namespace's version, and <see cref="CheckIds"/> (possibly none) only supply the findings that name the
        /// failing workloads and carry their exceptions.
        /// </summary>
        public PodSecurityDecision? PodSecurity { get; init; }
    }

    /// <summary>Needs a person (a process, a document, data kubeposture does not read): never passed on our word.</summary>
    public sealed record Manual(string Guidance) : ControlAssessment;

    /// <summary>AWS's responsibility on EKS/ECS: reported as such, never passed on our word.</summary>
    public sealed record AwsManaged(string Note) : ControlAssessment;
}
