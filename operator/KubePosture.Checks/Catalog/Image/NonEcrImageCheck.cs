using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Image;

public sealed class NonEcrImageCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "image.non-ecr",
        Title: "Image from a registry outside the allowlist",
        Category: CheckCategory.Image,
        DefaultSeverity: Severity.Info,
        Description: "A container runs an image from a registry that is neither a private Amazon ECR registry (any account, region or partition, FIPS and dual-stack hosts included) nor in the scan's allowed registries: its content is not covered by ECR scanning and its supply chain is outside the account's control. The registry the running digest was pulled from (imageID) decides. Info by default; raise it with spec.severityOverrides.",
        Remediation: "Mirror the image into ECR (a pull-through cache rule for the upstream registry keeps it current) and reference the ECR repository, or add the registry to the scan's allowed registries if it is trusted.",
        References: [References.EksImage, "Amazon ECR pull through cache: https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html"],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        var allowed = inventory.Settings.AllowedRegistries;
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers)
            {
                var running = w.Running.FirstOrDefault(r => r.ContainerName == c.Name);
                var location = running is null ? ImageLocation.Parse(c.Image) : ImageLocation.Of(running);
                if (location.Kind == RegistryKind.PrivateEcr || IsAllowed(location, allowed))
                    continue;
                var kind = location.Kind == RegistryKind.EcrPublic ? "ECR Public" : "registry";
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "image",
                    $"image {c.Image} comes from {kind} {location.Registry}, not a private ECR registry or an allowed registry",
                    new Dictionary<string, string> { ["image"] = c.Image, ["registry"] = location.Registry, ["repository"] = location.Repository });
            }
        }
    }

    /// <summary>An allowlist entry is a registry host or host/repository prefix, with globs (<c>*.example.com</c>, <c>ghcr.io/acme/*</c>).</summary>
    private static bool IsAllowed(ImageLocation location, IReadOnlyList<string> allowed)
    {
        var full = $"{location.Registry}/{location.Repository}";
        foreach (var entry in allowed)
        {
            var e = entry.Trim().TrimEnd('/').ToLowerInvariant();
            if (e.Length == 0)
                continue;
            if (GlobPattern.IsGlob(e) ? GlobPattern.IsMatch(e, location.Registry) || GlobPattern.IsMatch(e, full) : e == location.Registry || full.StartsWith(e + "/", StringComparison.Ordinal))
                return true;
        }

        return false;
    }
}
