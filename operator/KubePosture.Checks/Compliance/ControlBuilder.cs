namespace KubePosture.Checks.Compliance;

/// <summary>Short constructors the framework files use to list their controls within one section.</summary>
internal sealed class ControlBuilder(string section, Responsibility defaultResponsibility = Responsibility.Customer)
{
    private const string PodSecurityDecided = "Decided by the Pod Security evaluator at each namespace's enforce version, as admission decides it. ";

    private readonly List<ComplianceControl> _controls = [];

    public IReadOnlyList<ComplianceControl> Controls => _controls;

    /// <summary>Decided by checks; <paramref name="rationale"/> says why they decide it.</summary>
    public ControlBuilder Automated(string id, string title, string rationale, params string[] checkIds)
        => Add(id, title, defaultResponsibility, new ControlAssessment.Automated(checkIds, rationale));

    public ControlBuilder Automated(string id, string title, Responsibility responsibility, string rationale, params string[] checkIds)
        => Add(id, title, responsibility, new ControlAssessment.Automated(checkIds, rationale));

    /// <summary>Decided by the findings of the checks that <paramref name="filter"/> matches.</summary>
    public ControlBuilder Automated(string id, string title, FindingFilter filter, string rationale, params string[] checkIds)
        => Add(id, title, defaultResponsibility, new ControlAssessment.Automated(checkIds, rationale) { Filter = filter });

    /// <summary>
    /// Decided by the Pod Security evaluator (<paramref name="decision"/>); the findings of <paramref name="checkIds"/> that
    /// <paramref name="filter"/> matches name the failing workloads. The rationale starts by saying so.
    /// </summary>
    public ControlBuilder PodSecurity(string id, string title, PodSecurityDecision decision, FindingFilter? filter, string rationale, params string[] checkIds)
        => Add(id, title, defaultResponsibility, new ControlAssessment.Automated(checkIds, PodSecurityDecided + rationale) { Filter = filter, PodSecurity = decision });

    public ControlBuilder Manual(string id, string title, string guidance, Responsibility? responsibility = null)
        => Add(id, title, responsibility ?? defaultResponsibility, new ControlAssessment.Manual(guidance));

    public ControlBuilder AwsManaged(string id, string title, string note)
        => Add(id, title, Responsibility.Aws, new ControlAssessment.AwsManaged(note));

    private ControlBuilder Add(string id, string title, Responsibility responsibility, ControlAssessment assessment)
    {
        _controls.Add(new ComplianceControl(id, title, section, responsibility, assessment));
        return this;
    }
}
