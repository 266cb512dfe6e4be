using System.Globalization;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Ecr;

public sealed class ImageVulnerableCheck : ICheck
{
    private const int TopCves = 5;

    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecr.image-vulnerable",
        Title: "Running image has Critical or High vulnerabilities",
        Category: CheckCategory.Ecr,
        DefaultSeverity: Severity.Critical,
        Description: "The digest a workload actually runs (status.containerStatuses[].imageID, not the tag) has CRITICAL (Critical) or HIGH (High) findings in ECR image scanning, basic (findings) or enhanced (Amazon Inspector, enhancedFindings). One ECR lookup per distinct digest; the finding attaches to every workload running it, with counts per severity, the top CVE ids and whether a fix exists. ECS counts too: the digest each running task's container reports (imageDigest) links the ECS service that started it, or the task definition of a standalone task, to the same findings.",
        Remediation: "Rebuild the image on patched base images and packages (the fixedInVersion of each finding), push it, and roll the workload to the new digest.",
        References: [References.EksImage, "Amazon ECR image scanning: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html", "AWS Security Hub ECR.1"],
        Sources: [InventorySource.AwsEcr, "ecr:DescribeImageScanFindings", "ecr:DescribeImages", .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        // What an image's scan says is the same for every workload running it: summarized once per digest.
        var summaries = new Dictionary<EcrImageKey, ImageSummary?>();
        foreach (var use in EcrLinks.AllUses(inventory))
        {
            if (!summaries.TryGetValue(use.Key, out var summary))
            {
                summary = aws.ScanOf(use.Key) is { } scan ? Summarize(scan) : null;
                summaries[use.Key] = summary;
            }

            if (summary is null)
                continue;
            // Written straight into the finding's compact form: no dictionary per finding on the way.
            var details = new FindingDetailsDictionary.Builder(13);
            details.Set("image", use.Location.Image);
            details.Set("repository", use.Key.RepositoryName);
            details.Set("registryId", use.Key.RegistryId);
            details.Set("digest", use.Key.Digest);
            details.Set("containers", string.Join(",", use.Containers));
            details.Set("critical", summary.Critical);
            details.Set("high", summary.High);
            details.Set("medium", summary.Medium);
            details.Set("low", summary.Low);
            details.Set("topCves", summary.TopCves);
            details.Set("fixAvailable", summary.Fixable > 0 ? "true" : "false");
            details.Set("fixableCount", summary.FixableCount);
            details.Set("scanType", summary.ScanType);
            yield return new Finding(Descriptor.Id, summary.Severity, use.Resource,
                $"{string.Join(", ", use.Containers.Select(c => ContainerView.Describe(ContainerKind.Container, c)))} runs {use.Key.RepositoryName}@{use.Key.Digest} {summary.Text}",
                details.Build());
        }
    }

    /// <summary>An image's critical and high findings as the finding reports them; null when it has none.</summary>
    private static ImageSummary? Summarize(EcrImageScan scan)
    {
        var critical = scan.Count("CRITICAL");
        var high = scan.Count("HIGH");
        if (critical == 0 && high == 0)
            return null;
        var serious = scan.Findings.Where(f => f.Severity is "CRITICAL" or "HIGH")
            .OrderBy(f => f.Severity == "CRITICAL" ? 0 : 1).ThenByDescending(f => f.Score ?? 0).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        var top = serious.Select(f => f.Id).Distinct(StringComparer.Ordinal).Take(TopCves).ToList();
        var fixable = serious.Count(f => f.Fixable);
        var scanType = scan.Enhanced ? "enhanced" : "basic";
        var fix = fixable == 0 ? "no fix available yet" : $"{fixable} of {serious.Count} listed have a fix";
        return new ImageSummary(
            critical > 0 ? Severity.Critical : Severity.High,
            critical.ToString(CultureInfo.InvariantCulture),
            high.ToString(CultureInfo.InvariantCulture),
            scan.Count("MEDIUM").ToString(CultureInfo.InvariantCulture),
            scan.Count("LOW").ToString(CultureInfo.InvariantCulture),
            string.Join(",", top),
            fixable,
            fixable.ToString(CultureInfo.InvariantCulture),
            scanType,
            $"with {EcrLinks.Counts(scan)} ({scanType} scan; top {string.Join(", ", top)}; {fix})");
    }

    private sealed record ImageSummary(
        Severity Severity, string Critical, string High, string Medium, string Low, string TopCves, int Fixable, string FixableCount, string ScanType, string Text);
}
