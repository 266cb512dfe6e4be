using System.Globalization;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Ecr;

public sealed class ImageUnscannedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecr.image-unscanned",
        Title: "Running image has no current scan",
        Category: CheckCategory.Ecr,
        DefaultSeverity: Severity.Medium,
        Description: "The digest a workload (or an ECS service or standalone task) runs was never scanned, its scan failed (FAILED, UNSUPPORTED_IMAGE, SCAN_ELIGIBILITY_EXPIRED, FINDINGS_UNAVAILABLE), the digest is no longer in the repository, or the last scan (or vulnerability database update of an enhanced scan) is older than the scan's maximum ECR scan age: its vulnerabilities are unknown. Scans in progress are not findings.",
        Remediation: "Turn on scan on push or continuous scanning for the repository (enhanced scanning re-evaluates running images as new CVEs appear), start a scan of the digest, or rebuild images whose scan eligibility expired.",
        References: [References.EksImage, "Amazon ECR image scanning: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html"],
        Sources: [InventorySource.AwsEcr, "ecr:DescribeImageScanFindings", "ecr:DescribeImages", .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    private static readonly HashSet<string> Failed = new(StringComparer.Ordinal)
    {
        "FAILED", "UNSUPPORTED_IMAGE", "SCAN_ELIGIBILITY_EXPIRED", "FINDINGS_UNAVAILABLE", EcrImageScan.NotScanned, EcrImageScan.ImageNotFound,
    };

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        // What a digest's scan says is the same for every workload running it: worded once per digest, so the
        // thousands of findings of a large cluster share those strings instead of each formatting its own.
        var verdicts = new Dictionary<EcrImageKey, Verdict?>();
        foreach (var use in EcrLinks.AllUses(inventory))
        {
            if (!verdicts.TryGetValue(use.Key, out var verdict))
            {
                verdict = aws.ScanOf(use.Key) is { } scan ? Judge(scan, inventory) : null;
                verdicts[use.Key] = verdict;
            }

            if (verdict is null)
                continue;
            var details = new FindingDetailsDictionary.Builder(6);
            details.Set("image", use.Location.Image);
            details.Set("repository", use.Key.RepositoryName);
            details.Set("digest", use.Key.Digest);
            details.Set("scanStatus", verdict.Scan.Status);
            details.Set("scanType", verdict.Scan.Enhanced ? "enhanced" : "basic");
            details.Set("completedAt", verdict.CompletedAt);
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, use.Resource,
                $"{string.Join(", ", use.Containers.Select(c => ContainerView.Describe(ContainerKind.Container, c)))} runs {use.Key.RepositoryName}@{use.Key.Digest}, which {verdict.Problem}",
                details.Build());
        }
    }

    /// <summary>Why the scan leaves the digest's vulnerabilities unknown, or null when it does not.</summary>
    private static Verdict? Judge(EcrImageScan scan, ClusterInventory inventory)
    {
        string? problem = null;
        if (Failed.Contains(scan.Status))
        {
            problem = scan.Status switch
            {
                EcrImageScan.NotScanned => "has never been scanned",
                EcrImageScan.ImageNotFound => "is not in the repository (deleted, or pushed to another registry), so it cannot be scanned",
                _ => $"has scan status {scan.Status}{(string.IsNullOrEmpty(scan.StatusDescription) ? "" : $" ({scan.StatusDescription})")}",
            };
        }
        else if (scan.Status is "COMPLETE" or "ACTIVE")
        {
            var maxAge = inventory.Settings.MaxEcrScanAge;
            var evaluated = scan.Enhanced ? scan.VulnerabilitySourceUpdatedAt ?? scan.CompletedAt : scan.CompletedAt;
            if (evaluated is null)
                problem = "has no scan completion time";
            else if (inventory.ScanTime - evaluated.Value > maxAge)
                problem = $"was last scanned {evaluated.Value:yyyy-MM-dd}, {(int)(inventory.ScanTime - evaluated.Value).TotalDays} days ago (maximum {(int)maxAge.TotalDays})";
        }

        return problem is null ? null : new Verdict(scan, problem, scan.CompletedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "");
    }

    private sealed record Verdict(EcrImageScan Scan, string Problem, string CompletedAt);
}
