using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Image;

public sealed class ImageTagLatestCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "image.tag-latest",
        Title: "Image uses the latest tag",
        Category: CheckCategory.Image,
        DefaultSeverity: Severity.Medium,
        Description: "An image without a digest whose tag is latest, or that has no tag (which means latest), changes under the workload at every pull: rollbacks and audits cannot say what ran.",
        Remediation: "Reference the image by an immutable version tag and, better, by digest (image: registry/repo:1.2.3@sha256:...).",
        References: [References.EksImage, "CIS Kubernetes Benchmark 5.5.1"],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers)
            {
                var image = ImageReference.Parse(c.Image);
                if (!image.IsLatest)
                    continue;
                var why = image.Tag is null ? "has no tag, which means latest," : "uses the latest tag";
                var digest = image.MalformedDigest is null ? "" : $" (its digest \"{image.MalformedDigest}\" is malformed and does not count)";
                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "image",
                    $"image {c.Image} {why} without a digest{digest}",
                    new Dictionary<string, string> { ["image"] = c.Image });
            }
        }
    }
}
