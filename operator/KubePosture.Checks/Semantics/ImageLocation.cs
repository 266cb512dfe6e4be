using System.Text.RegularExpressions;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>What kind of registry an image comes from.</summary>
public enum RegistryKind
{
    /// <summary>A private Amazon ECR registry (<c>account.dkr.ecr.region.amazonaws.com</c> and its FIPS, China, GovCloud and dual-stack forms).</summary>
    PrivateEcr,

    /// <summary>Amazon ECR Public (<c>public.ecr.aws</c>): no private scan findings to read.</summary>
    EcrPublic,

    /// <summary>Any other registry (Docker Hub, ghcr.io, quay.io, registry.k8s.io, a self-hosted one).</summary>
    Other,
}

/// <summary>
/// Where a running container's image lives and which digest runs: registry host and kind, for private ECR the account,
/// region, partition and repository (an <see cref="EcrImageKey"/> to read scan findings by), and whether the
/// repository looks like an ECR pull-through cache of an upstream registry. The digest that runs decides: it is taken
/// from <c>status.containerStatuses[].imageID</c> when that holds a repository digest, and from the image reference
/// only when the runtime reported none; the tag is informational.
/// </summary>
public sealed partial record ImageLocation(
    string Image,
    string Registry,
    RegistryKind Kind,
    string Repository,
    string? Tag,
    string? Digest,
    string? AccountId,
    string? Region,
    string? Partition,
    bool Fips,
    string? PullThroughUpstream)
{
    /// <summary>The scan-findings key of a private ECR image with a known digest, else null.</summary>
    public EcrImageKey? EcrKey => Kind == RegistryKind.PrivateEcr && Digest is not null && AccountId is not null
        ? new EcrImageKey(AccountId, Repository, Digest)
        : null;

    /// <summary>Locates what a container runs from its status (image and imageID).</summary>
    public static ImageLocation Of(RunningImage running) => Parse(running.Image, running.ImageId);

    /// <summary>
    /// Parses an image reference and, when given, the runtime's imageID ("docker-pullable://repo@sha256:..",
    /// "registry/repo@sha256:.."). The imageID's repository wins over the reference's when it names one: it is what
    /// was pulled. A bare "sha256:.." imageID is the local image id, not a repository digest, and is ignored.
    /// </summary>
    public static ImageLocation Parse(string image, string? imageId = null) => Located[(image, imageId ?? "")];

    /// <summary>
    /// Locations already parsed, by image and imageID: a cluster runs far fewer distinct images than containers, and
    /// several checks locate every container's image in each scan. The record is immutable.
    /// </summary>
    private static readonly BoundedMemo<(string Image, string ImageId), ImageLocation> Located =
        new(k => ParseUncached(k.Image, k.ImageId.Length == 0 ? null : k.ImageId), 16384);

    private static ImageLocation ParseUncached(string image, string? imageId)
    {
        var reference = ImageReference.Parse(image);
        var registry = reference.Registry;
        var repository = reference.Repository;
        var digest = reference.Digest;
        if (!string.IsNullOrEmpty(imageId))
        {
            var id = imageId;
            var scheme = id.IndexOf("://", StringComparison.Ordinal);
            if (scheme >= 0)
                id = id[(scheme + 3)..];
            if (id.Contains('@', StringComparison.Ordinal) && ImageReference.DigestFromImageId(id) is { } runningDigest)
            {
                digest = runningDigest;
                var pulled = ImageReference.Parse(id);
                registry = pulled.Registry;
                repository = pulled.Repository;
            }
        }

        var host = registry.ToLowerInvariant();
        var ecr = EcrHost().Match(host);
        if (ecr.Success)
        {
            var region = ecr.Groups["region"].Value;
            var partition = AwsPartitions.ForRegion(region);
            var chinaSuffix = ecr.Groups["suffix"].Value == "amazonaws.com.cn";
            if (chinaSuffix == (partition == AwsPartitions.China))
            {
                return new ImageLocation(image, host, RegistryKind.PrivateEcr, repository, reference.Tag, digest, ecr.Groups["account"].Value, region, partition,
                    ecr.Groups["fips"].Success, PullThroughPrefix(repository));
            }
        }

        var kind = host == "public.ecr.aws" ? RegistryKind.EcrPublic : RegistryKind.Other;
        return new ImageLocation(image, host, kind, repository, reference.Tag, digest, null, null, null, false, null);
    }

    /// <summary>
    /// The upstream a pull-through cache repository mirrors, guessed from the namespace AWS's console and docs use
    /// for each upstream (docker-hub/library/nginx, ecr-public/..., quay/..., k8s/..., ghcr/...); null otherwise.
    /// The repository is still private ECR and is scanned like any other.
    /// </summary>
    private static string? PullThroughPrefix(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
            return null;
        return repository[..slash] switch
        {
            "docker-hub" or "dockerhub" => "registry-1.docker.io",
            "ecr-public" => "public.ecr.aws",
            "quay" => "quay.io",
            "k8s" or "registry-k8s-io" => "registry.k8s.io",
            "ghcr" or "github" => "ghcr.io",
            "gitlab" => "registry.gitlab.com",
            "azure" => "azurecr.io",
            "chainguard" => "cgr.dev",
            _ => null,
        };
    }

    /// <summary>
    /// account.dkr.ecr[-fips].region.amazonaws.com[.cn], and the dual-stack account.dkr-ecr[-fips].region.on.aws.
    /// </summary>
    [GeneratedRegex(@"^(?<account>[0-9]{12})\.(dkr\.ecr(?<fips>-fips)?\.(?<region>[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+)\.(?<suffix>amazonaws\.com(\.cn)?)|dkr-ecr(?<fips>-fips)?\.(?<region>[a-z]{2}(-gov)?-[a-z]+-[0-9]+)\.(?<suffix>on\.aws))$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex EcrHost();
}
