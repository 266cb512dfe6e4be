namespace KubePosture.Checks.Compliance;

/// <summary>
/// Who owns a control under the AWS shared responsibility model for EKS and ECS: AWS runs the control plane (API
/// server, etcd, controller manager, scheduler and their configuration); the customer owns nodes they run, workloads,
/// RBAC, network policy, IAM and images; some controls are split (AWS ships a default the customer may change, or the
/// customer switches on something AWS operates).
/// </summary>
public enum Responsibility
{
    Aws,
    Customer,
    Shared,
}

/// <summary>Wire names of <see cref="Responsibility"/>: <c>aws</c>, <c>customer</c>, <c>shared</c>.</summary>
public static class ResponsibilityNames
{
    public static string Name(this Responsibility responsibility) => responsibility switch
    {
        Responsibility.Aws => "aws",
        Responsibility.Customer => "customer",
        _ => "shared",
    };
}
