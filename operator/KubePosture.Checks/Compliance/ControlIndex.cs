using KubePosture.Checks.Model;

namespace KubePosture.Checks.Compliance;

/// <summary>
/// Which controls a finding fails: per check, the automated controls it decides (respecting a control's
/// <see cref="FindingFilter"/>), as <c>framework/control</c> tags (<c>cis-eks/4.2.2</c>). Reports (SARIF tags,
/// openreports results) label findings with it.
/// </summary>
public sealed class ControlIndex
{
    private readonly Dictionary<string, List<(string Tag, FindingFilter? Filter)>> _byCheck = new(StringComparer.Ordinal);

    public ControlIndex(IEnumerable<ComplianceFramework> frameworks)
    {
        foreach (var framework in frameworks)
        {
            foreach (var control in framework.Controls)
            {
                if (control.Assessment is not ControlAssessment.Automated automated)
                    continue;
                foreach (var check in automated.CheckIds)
                {
                    if (!_byCheck.TryGetValue(check, out var list))
                        _byCheck[check] = list = [];
                    list.Add((Tag(framework, control), automated.Filter));
                }
            }
        }
    }

    /// <summary>Every framework of the catalog.</summary>
    public static ControlIndex All { get; } = new(FrameworkCatalog.All);

    /// <summary>The controls of the frameworks a scan reports, or of every framework when it reports none.</summary>
    public static ControlIndex Over(IReadOnlyCollection<ComplianceFramework> frameworks) => frameworks.Count == 0 ? All : new(frameworks);

    public static string Tag(ComplianceFramework framework, ComplianceControl control) => $"{framework.Id}/{control.Id}";

    /// <summary>The controls the finding fails, in catalog order; empty when it decides none.</summary>
    public IReadOnlyList<string> ControlsFailedBy(Finding finding)
        => _byCheck.TryGetValue(finding.CheckId, out var list)
            ? [.. list.Where(c => c.Filter is null || c.Filter.Matches(finding)).Select(c => c.Tag)]
            : [];
}
