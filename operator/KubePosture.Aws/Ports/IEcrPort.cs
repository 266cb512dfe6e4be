using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>Amazon ECR, read-only. Lists are complete (pagination is the adapter's business).</summary>
public interface IEcrPort
{
    Task<IReadOnlyList<EcrRepository>> DescribeRepositoriesAsync(string? registryId, CancellationToken cancellationToken);

    Task<EcrRegistryScanningConfiguration> GetRegistryScanningConfigurationAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<EcrRepositoryScanningConfiguration>> GetRepositoryScanningConfigurationsAsync(
        string? registryId, IReadOnlyList<string> repositoryNames, CancellationToken cancellationToken);

    /// <summary>The repository policy JSON, or null when the repository has none.</summary>
    Task<string?> GetRepositoryPolicyAsync(string? registryId, string repositoryName, CancellationToken cancellationToken);

    /// <summary>The lifecycle policy JSON, or null when the repository has none.</summary>
    Task<string?> GetLifecyclePolicyAsync(string? registryId, string repositoryName, CancellationToken cancellationToken);

    /// <summary>Images by digest; digests ECR does not know are left out of the answer.</summary>
    Task<IReadOnlyList<EcrImage>> DescribeImagesAsync(string? registryId, string repositoryName, IReadOnlyList<string> digests, CancellationToken cancellationToken);

    /// <summary>
    /// Scan status and all findings (basic or enhanced) of each image. Adapters cache findings by
    /// (registry, repository, digest) and fetch them again only when the image's scan completion time changed.
    /// </summary>
    Task<IReadOnlyList<EcrImageScan>> GetImageScansAsync(IReadOnlyList<EcrImageKey> images, CancellationToken cancellationToken);
}
