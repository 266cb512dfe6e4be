namespace KubePosture.Checks.Model;

/// <summary>Reference to the object a finding is about. Namespace is null for cluster-scoped and AWS resources.</summary>
public sealed record ResourceRef(string ApiVersion, string Kind, string? Namespace, string Name)
{
    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
