namespace KubePosture.Checks.Model;

/// <summary>What a check is, as users see it: id (stable public name), texts and references.</summary>
/// <param name="Id">Stable id such as <c>pod.privileged</c>.</param>
/// <param name="Title">One line, imperative-free: "Container runs privileged".</param>
/// <param name="Category">One of <see cref="CheckCategory"/>.</param>
/// <param name="DefaultSeverity">Severity unless the scan overrides it.</param>
/// <param name="Description">Why it matters.</param>
/// <param name="Remediation">What to change, naming the field.</param>
/// <param name="References">CIS EKS Benchmark, EKS Best Practices, Pod Security Standards, Security Hub ids, URLs.</param>
/// <param name="RequiresAws">True when the check reads AWS data; such checks only run for scans allowed AWS access.</param>
public sealed record CheckDescriptor(
    string Id,
    string Title,
    string Category,
    Severity DefaultSeverity,
    string Description,
    string Remediation,
    IReadOnlyList<string> References,
    bool RequiresAws = false);
