namespace KubePosture.Checks.Model;

/// <summary>
/// One result of one check on one resource. <see cref="Severity"/> may differ from the descriptor's default
/// when the check grades (for example hostPath of a runtime socket is Critical). <see cref="Details"/> carries
/// small structured evidence (container, field, subjects, CVE ids) for reports; keep it bounded.
/// </summary>
public sealed record Finding(
    string CheckId,
    Severity Severity,
    ResourceRef Resource,
    string Message,
    IReadOnlyDictionary<string, string>? Details = null)
{
    /// <summary>The details, held compactly (<see cref="FindingDetailsDictionary"/>) whatever dictionary the check built.</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init => field = FindingDetailsDictionary.From(value); } = FindingDetailsDictionary.From(Details);

    /// <summary>Identity used to de-duplicate findings: one per check, resource and message.</summary>
    public (string, ResourceRef, string) Key => (CheckId, Resource, Message);
}
