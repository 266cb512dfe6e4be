using KubePosture.Checks.Model;

namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// The framework controls a check's findings bear on (ASFF <c>Compliance.RelatedRequirements</c>). This is the one
/// seam for the compliance framework catalog (issue 17): until that catalog exists the controls come from the
/// descriptor's references that name a benchmark control ("CIS EKS Benchmark 4.2.2", "AWS Security Hub EKS.2").
/// </summary>
public static class AsffRequirements
{
    private static readonly string[] ControlPrefixes = ["CIS EKS Benchmark ", "CIS Kubernetes Benchmark ", "AWS Security Hub "];

    public static IReadOnlyList<string> For(CheckDescriptor descriptor) => [.. descriptor.References
        .Where(r => ControlPrefixes.Any(p => r.StartsWith(p, StringComparison.Ordinal)))
        .Select(r => r.Split(" (", 2)[0].Trim())
        .Select(r => AsffLimits.Fit(r, AsffLimits.RelatedRequirement))
        .Distinct(StringComparer.Ordinal)
        .Take(AsffLimits.RelatedRequirements)];
}
