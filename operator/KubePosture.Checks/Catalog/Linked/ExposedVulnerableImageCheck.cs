using KubePosture.Checks.Aws;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Linked;

public sealed class ExposedVulnerableImageCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "linked.exposed-vulnerable-image",
        Title: "Internet-exposed workload runs an image with fixable Critical CVEs",
        Category: CheckCategory.Linked,
        DefaultSeverity: Severity.Critical,
        Description: "Chains an internet path (a LoadBalancer Service whose load balancer faces the internet and is open to 0.0.0.0/0, a NodePort Service, or an Ingress served by an internet-facing, unrestricted Application Load Balancer and the Services it routes to: the model of svc.internet-exposed) to the workloads the Services' selectors match, the image digest they actually run (status imageID) and that digest's ECR scan findings: a Critical vulnerability with a fix available (enhanced fixAvailable YES/PARTIAL, or a fixed-in version) is reachable from the internet and can be fixed by rebuilding. Each finding lists the chain Service or Ingress -> workload -> image digest -> CVEs.",
        Remediation: "Rebuild the image on the fixed package versions and roll the workload out; until then put the Service or Ingress behind an internal load balancer or restrict loadBalancerSourceRanges or alb.ingress.kubernetes.io/inbound-cidrs.",
        References: [References.EksImage, References.EksNetwork, "Amazon ECR image scanning: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html"],
        Sources: [InventorySource.AwsEcr, "ecr:DescribeImageScanFindings", InventorySource.Services, InventorySource.Ingresses, .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var exposures = InternetExposure.OpenByWorkload(inventory);
        foreach (var use in EcrLinks.AllUses(inventory))
        {
            if (use.Workload is not { } w || !exposures.TryGetValue(w, out var paths)) continue;
            if (aws.ScanOf(use.Key) is not { } scan) continue;
            var fixable = scan.Findings.Where(v => v.Severity == "CRITICAL" && v.Fixable).ToList();
            if (fixable.Count == 0) continue;
            var cves = string.Join(", ", fixable.Select(v => v.Id).Distinct(StringComparer.Ordinal).Take(5));
            var details = LinkedEvidence.Chain(
                paths[0].Description,
                $"{w.Ref.Kind} {w.Namespace}/{w.Ref.Name}",
                $"image {use.Key.RepositoryName}@{use.Key.Digest} (containers {string.Join(", ", use.Containers)})",
                $"{fixable.Count} fixable CRITICAL: {cves}");
            details["services"] = string.Join(",", paths.SelectMany(p => p.Services).Distinct(StringComparer.Ordinal));
            details["exposedBy"] = string.Join(",", paths.Select(p => $"{p.Entry.Kind} {p.Entry.Namespace}/{p.Entry.Name}"));
            paths[0].AddDecision(details);
            details["digest"] = use.Key.Digest;
            details["repository"] = use.Key.RepositoryName;
            details["cves"] = cves;
            details["scanType"] = scan.Enhanced ? "enhanced" : "basic";
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, w.Ref,
                $"{w.Ref.Kind} {w.Ref.Name} is exposed to the internet by {string.Join(", ", paths.Select(p => p.Description))} and runs {use.Key.RepositoryName}@{use.Key.Digest}, which has {fixable.Count} Critical vulnerabilities with a fix available ({cves})",
                details);
        }
    }
}
