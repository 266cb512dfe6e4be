using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Image;

public sealed class ImageNotPinnedCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "image.not-pinned",
        Title: "Image not pinned by digest",
        Category: CheckCategory.Image,
        DefaultSeverity: Severity.Low,
        Description: "A tag can be moved to different content; only a digest names exactly what runs. What actually runs is reported in status.containerStatuses[].imageID, shown here to pin to.",
        Remediation: "Reference the image by digest: image: registry/repo:tag@sha256:<digest>.",
        References: [References.EksImage],
        Sources: InventorySource.Workloads);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var c in w.Spec.Containers)
            {
                var image = ImageReference.Parse(c.Image);
                if (image.IsPinned)
                    continue;
                var running = new List<string>(1);
                foreach (var r in w.Running)
                {
                    if (r.ContainerName == c.Name && ImageReference.DigestFromImageId(r.ImageId) is { } digest && !running.Contains(digest, StringComparer.Ordinal))
                        running.Add(digest);
                }

                var details = new Dictionary<string, string> { ["image"] = c.Image };
                var message = image.MalformedDigest is null
                    ? FindingMessage.Of($"image {c.Image} is not referenced by digest")
                    : FindingMessage.Of($"image {c.Image} has a malformed digest \"{image.MalformedDigest}\" (expected algorithm:encoded per the OCI image spec, e.g. sha256: and 64 lower-case hex digits)");
                if (running.Count > 0)
                {
                    details["runningDigests"] = string.Join(",", running);
                    message = FindingMessage.Of($"{message}; running {string.Join(", ", running)}");
                }

                yield return WorkloadFindings.ForContainer(inventory, Descriptor, w, c, "image", message, details);
            }
        }
    }
}
