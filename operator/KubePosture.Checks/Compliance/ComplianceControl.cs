namespace KubePosture.Checks.Compliance;

/// <summary>One control of a framework.</summary>
/// <param name="Id">The framework's own id, exactly as it numbers the control (<c>4.1.1</c>, <c>EKS.1</c>, <c>hostNamespaces</c>).</param>
/// <param name="Title">The control's title as the framework states it.</param>
/// <param name="Section">The section it belongs to (<c>4.1 RBAC and Service Accounts</c>).</param>
/// <param name="Responsibility">Who owns it under the AWS shared responsibility model.</param>
/// <param name="Assessment">Which checks decide it, or why none can.</param>
public sealed record ComplianceControl(string Id, string Title, string Section, Responsibility Responsibility, ControlAssessment Assessment)
{
    /// <summary>The checks that decide the control; empty for manual and AWS-managed controls.</summary>
    public IReadOnlyList<string> CheckIds => Assessment is ControlAssessment.Automated a ? a.CheckIds : [];
}
