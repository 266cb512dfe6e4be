namespace KubePosture.Checks.Model;

/// <summary>What a check is, as users see it: id (stable public name), texts and references.</summary>
/// <param name="Id">Stable id such as <c>pod.privileged</c>.</param>
/// <param name="Title">One line, imperative-free: "Container runs privileged".</param>
/// <param name="Category">One of <see cref="CheckCategory"/>.</param>
/// <param name="DefaultSeverity">Severity unless the scan overrides it.</param>
/// <param name="Description">Why it matters.</param>
/// <param name="Remediation">What to change, naming the field.</param>
/// <param name="References">CIS EKS Benchmark, EKS Best Practices, Pod Security Standards, Security Hub ids, URLs.</param>
/// <param name="Sources">Inventory sources the check reads (<see cref="Inventory.InventorySource"/>) and, for AWS
/// checks, the IAM actions whose answers it reads (<c>ecr:DescribeImageScanFindings</c>); if one is unavailable for a
/// scan the check is reported as not evaluated.</param>
/// <param name="ClusterScoped">The check assesses cluster-scoped objects (nodes, ClusterRoles, aws-auth) and only
/// runs for scans allowed cluster scope (tenancy rule).</param>
/// <param name="RequiresAws">The check reads AWS data and only runs for scans allowed AWS access.</param>
public sealed record CheckDescriptor(
    string Id,
    string Title,
    string Category,
    Severity DefaultSeverity,
    string Description,
    string Remediation,
    IReadOnlyList<string> References,
    IReadOnlyList<string> Sources,
    bool ClusterScoped = false,
    bool RequiresAws = false);
