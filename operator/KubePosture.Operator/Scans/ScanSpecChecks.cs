using KubePosture.Api;
using KubePosture.Checks.Compliance;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Model;

namespace KubePosture.Operator.Scans;

/// <summary>
/// The operator's validation of a PostureScan spec, in one place: normalize it once (<see cref="PostureScanValidator.Normalize"/>),
/// validate that copy, and refuse a selection that would run no check (a scan of nothing must never read as a pass).
/// The normalized spec is what the reconciler hands to the scheduler, the scan and the status.
/// </summary>
public static class ScanSpecChecks
{
    /// <summary>Ids of every check in the catalog, what specs and exceptions are validated against.</summary>
    internal static readonly IReadOnlyList<string> CheckIds = [.. CheckCatalog.All.Select(c => c.Descriptor.Id)];

    public static (PostureScanSpec Spec, IReadOnlyList<ValidationIssue> Issues) Validate(PostureScanSpec raw, IReadOnlyCollection<string> namespaces, DateTimeOffset now)
    {
        var spec = PostureScanValidator.Normalize(raw);
        var issues = PostureScanValidator.Validate(spec, CheckIds, CheckCategory.All, now, namespaces, FrameworkCatalog.Ids).ToList();
        if (!issues.HasErrors())
        {
            var selection = ScanRunner.SelectionOf(spec);
            if (!CheckCatalog.Descriptors.Any(selection.IsSelected))
            {
                issues.Add(new ValidationIssue("spec.checks",
                    $"include [{string.Join(",", selection.Include)}], exclude [{string.Join(",", selection.Exclude)}]",
                    "selects no check, so the scan would assess nothing and report a pass; narrow spec.checks.exclude or widen spec.checks.include"));
            }
        }

        return (spec, issues);
    }
}
