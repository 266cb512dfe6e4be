using KubePosture.Checks.Engine;
using KubePosture.Checks.Model;

namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// A scan's findings in ASFF, each with a distinct Id: active findings, and suppressed ones marked as such. Findings of
/// one check on one resource are told apart by their container; the rest of a group that still shares an Id (sorted by
/// message) get a hash of their message, so Ids stay stable from scan to scan.
/// </summary>
public static class AsffScan
{
    private static readonly Dictionary<string, CheckDescriptor> Descriptors =
        CheckCatalog.All.Select(c => c.Descriptor).ToDictionary(d => d.Id, StringComparer.Ordinal);

    /// <summary>The findings in ASFF, mapped one at a time as they are enumerated (a large scan never holds them all as documents).</summary>
    public static IEnumerable<AsffFinding> Map(IEnumerable<Finding> active, IEnumerable<(Finding Finding, AsffSuppression Suppression)> suppressed, AsffSource source)
    {
        var all = active.Select(f => (Finding: f, Suppression: (AsffSuppression?)null))
            .Concat(suppressed.Select(s => (s.Finding, Suppression: (AsffSuppression?)s.Suppression)));
        foreach (var group in all.GroupBy(f => (f.Finding.CheckId, f.Finding.Resource, Container: f.Finding.Details?.GetValueOrDefault("container"))))
        {
            var first = true;
            foreach (var (finding, suppression) in group.OrderBy(f => f.Finding.Text))
            {
                var discriminator = group.Key.Container;
                if (!first)
                    discriminator = (discriminator is null ? "" : discriminator + "#") + AsffIds.ShortHash(finding.Message);
                first = false;
                yield return AsffMapper.Map(finding, Descriptor(finding.CheckId), source, suppression, discriminator);
            }
        }
    }

    private static CheckDescriptor Descriptor(string checkId) => Descriptors.TryGetValue(checkId, out var descriptor)
        ? descriptor
        : new CheckDescriptor(checkId, checkId, "unknown", Severity.Medium, checkId, "See the kubeposture check documentation.", [], []);
}
