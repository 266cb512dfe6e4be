using KubePosture.Checks.Compliance;
using KubePosture.Checks.Model;

namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// The framework controls a finding fails (ASFF <c>Compliance.RelatedRequirements</c>), from the compliance framework
/// catalog (<see cref="ControlIndex"/>: CIS Amazon EKS Benchmark, NSA/CISA, Pod Security Standards, AWS Foundational
/// Security Best Practices), written the way Security Hub's own standards write them: "&lt;framework&gt; &lt;version&gt;/&lt;control&gt;"
/// ("CIS Amazon EKS Benchmark 1.8.0/4.2.1"). A control's finding filter applies (a pod.privileged finding about a
/// HostProcess container fails the PSS hostProcess control, not the privileged one).
/// </summary>
public static class AsffRequirements
{
    private static readonly Dictionary<string, string> Titles = FrameworkCatalog.All.ToDictionary(f => f.Id, f => f.Title, StringComparer.Ordinal);

    public static IReadOnlyList<string> For(Finding finding) => [.. ControlIndex.All.ControlsFailedBy(finding)
        .Select(Requirement)
        .Select(r => AsffLimits.Fit(r, AsffLimits.RelatedRequirement))
        .Distinct(StringComparer.Ordinal)
        .Take(AsffLimits.RelatedRequirements)];

    /// <summary>"cis-eks/4.2.1" as "CIS Amazon EKS Benchmark 1.8.0/4.2.1".</summary>
    private static string Requirement(string tag)
    {
        var slash = tag.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && Titles.TryGetValue(tag[..slash], out var title) ? $"{title}{tag[slash..]}" : tag;
    }
}
