namespace KubePosture.Checks.Inventory;

/// <summary>Why a source (an inventory kind, an AWS service or action, a status the operator writes) could not be used.</summary>
public enum SourceProblemKind
{
    /// <summary>Permission denied: the operator's RBAC or IAM role does not allow it (HTTP 403, AccessDenied).</summary>
    Forbidden,

    /// <summary>The server does not serve it (HTTP 404 on the resource type: an API or CRD not installed).</summary>
    NotServed,

    /// <summary>Any other failure: network, throttling, server errors.</summary>
    Unreachable,

    /// <summary>Read, but an object in it could not be understood (a malformed aws-auth mapRoles): its records are not trusted.</summary>
    Unreadable,

    /// <summary>Not a failure: the scan's scope excludes the source (a tenant scan reads no cluster-scoped objects).</summary>
    OutOfScope,
}

/// <summary>
/// A source that could not be used, and why: the kind decides (Degraded's reason, whether it counts as degraded at
/// all), the message is for people. Written once where the failure is seen; never parsed back.
/// </summary>
public sealed record SourceProblem(SourceProblemKind Kind, string Message)
{
    /// <summary>Why a namespaced (tenant) scan has no cluster-scoped source.</summary>
    public static readonly SourceProblem OutOfTenantScope = new(SourceProblemKind.OutOfScope, "cluster-scoped: a namespaced (tenant) scan reads no cluster-scoped objects");

    public static SourceProblem Forbidden(string message) => new(SourceProblemKind.Forbidden, message);

    public static SourceProblem NotServed(string message) => new(SourceProblemKind.NotServed, message);

    public static SourceProblem Unreachable(string message) => new(SourceProblemKind.Unreachable, message);

    public static SourceProblem Unreadable(string message) => new(SourceProblemKind.Unreadable, message);

    /// <summary>True for a problem that leaves results partial (everything but <see cref="SourceProblemKind.OutOfScope"/>).</summary>
    public bool Degrades => Kind != SourceProblemKind.OutOfScope;

    /// <summary>"forbidden: …", "not served: …", or the message alone for the other kinds.</summary>
    public override string ToString() => Kind switch
    {
        SourceProblemKind.Forbidden => $"forbidden: {Message}",
        SourceProblemKind.NotServed => $"not served: {Message}",
        _ => Message,
    };
}
