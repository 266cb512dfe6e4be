namespace KubePosture.Checks.Compliance;

/// <summary>A framework: its stable id (<c>cis-eks</c>, used in <c>spec.compliance.frameworks</c> and <c>--framework</c>),
/// its name and version as published, where it comes from, and its controls in the framework's order.</summary>
public sealed record ComplianceFramework(string Id, string Name, string Version, string Source, IReadOnlyList<ComplianceControl> Controls)
{
    /// <summary>"CIS Amazon EKS Benchmark 1.8.0".</summary>
    public string Title => $"{Name} {Version}";
}
