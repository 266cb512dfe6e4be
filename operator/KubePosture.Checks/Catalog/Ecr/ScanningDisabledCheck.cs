using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Ecr;

public sealed class ScanningDisabledCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "ecr.scanning-disabled",
        Title: "Repository of a running image is not scanned",
        Category: CheckCategory.Ecr,
        DefaultSeverity: Severity.High,
        Description: "A repository that running images come from is covered neither by scan on push nor by continuous scanning: its effective scan frequency (BatchGetRepositoryScanningConfiguration, which applies the registry's rules) is MANUAL, or with basic scanning and no registry rule the repository's own scanOnPush is off. New images then run without any vulnerability assessment.",
        Remediation: "Add a registry scanning rule (PutRegistryScanningConfiguration) with SCAN_ON_PUSH or CONTINUOUS_SCAN whose filter matches the repository; prefer enhanced scanning so running images are re-evaluated as CVEs are published.",
        References: [References.EksImage, "Amazon ECR image scanning: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html", "AWS Security Hub ECR.1"],
        Sources: [InventorySource.AwsEcr, "ecr:GetRegistryScanningConfiguration", "ecr:BatchGetRepositoryScanningConfiguration", "ecr:DescribeRepositories", .. InventorySource.Workloads],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        foreach (var r in EcrLinks.RunningRepositories(inventory))
        {
            var frequency = r.Scanning?.ScanFrequency;
            var covered = frequency is "SCAN_ON_PUSH" or "CONTINUOUS_SCAN"
                          || (frequency is null && r.Repository.ScanOnPush)
                          || (r.Scanning is { ScanOnPush: true } && frequency is not "MANUAL");
            if (covered)
                continue;
            var registryType = aws.RegistryScanning?.ScanType ?? "unknown";
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.EcrRepository(r.Repository.RegistryId, r.Repository.Name),
                $"repository {r.Repository.Name} is not scanned on push or continuously (effective scan frequency {frequency ?? "none"}, registry scan type {registryType})",
                new Dictionary<string, string>
                {
                    ["repository"] = r.Repository.Name,
                    ["scanFrequency"] = frequency ?? "",
                    ["registryScanType"] = registryType,
                });
        }
    }
}
