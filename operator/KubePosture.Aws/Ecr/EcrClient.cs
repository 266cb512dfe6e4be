using System.Text.Json.Nodes;
using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Json;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Ecr;

/// <summary>
/// Amazon ECR over awsJson1_1 (target prefix AmazonEC2ContainerRegistry_V20150921). Repository settings are cached for
/// the describe TTL; each running digest's scan status for the ECR recheck interval (<see cref="EcrImageCache"/>); scan
/// findings by (registry, repository, digest), fetched again only when the image's scan completion time changes.
/// </summary>
internal sealed class EcrClient(AwsJsonChannel channel, DescribeCache cache, EcrFindingsCache findings, EcrImageCache imageCache) : IEcrPort
{
    public const string TargetPrefix = "AmazonEC2ContainerRegistry_V20150921";
    private const int DescribeImagesBatch = 100;
    private const int ScanningConfigurationBatch = 25;

    public Task<IReadOnlyList<EcrRepository>> DescribeRepositoriesAsync(string? registryId, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcrDescribeRepositories, registryId ?? "", async ct =>
            (IReadOnlyList<EcrRepository>)await channel.PaginateAsync(Op.EcrDescribeRepositories,
                () => WithRegistry(registryId, new JsonObject { ["maxResults"] = 1000 }),
                page => page.Array("repositories").Select(EcrParsers.Repository), ct), cancellationToken);

    public Task<EcrRegistryScanningConfiguration> GetRegistryScanningConfigurationAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcrGetRegistryScanningConfiguration, "", async ct =>
        {
            var page = await channel.CallAsync(Op.EcrGetRegistryScanningConfiguration, new JsonObject(), ct);
            var config = page.Object("scanningConfiguration");
            return new EcrRegistryScanningConfiguration(
                page.String("registryId") ?? "",
                config?.String("scanType") ?? "BASIC",
                config?.Array("rules").Select(r => new EcrScanningRule(
                    r.String("scanFrequency") ?? "",
                    r.Array("repositoryFilters").Select(f => f.RequiredString("filter")).ToArray())).ToArray() ?? []);
        }, cancellationToken);

    public Task<IReadOnlyList<EcrRepositoryScanningConfiguration>> GetRepositoryScanningConfigurationsAsync(
        string? registryId, IReadOnlyList<string> repositoryNames, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcrBatchGetRepositoryScanningConfiguration, string.Join(',', repositoryNames), async ct =>
        {
            var result = new List<EcrRepositoryScanningConfiguration>();
            foreach (var batch in repositoryNames.Chunk(ScanningConfigurationBatch))
            {
                var page = await channel.CallAsync(Op.EcrBatchGetRepositoryScanningConfiguration,
                    WithRegistry(registryId, new JsonObject { ["repositoryNames"] = JsonBody.Strings(batch) }), ct);
                result.AddRange(page.Array("scanningConfigurations").Select(c => new EcrRepositoryScanningConfiguration(
                    c.RequiredString("repositoryName"),
                    c.String("scanFrequency") ?? "MANUAL",
                    c.Bool("scanOnPush") ?? false,
                    c.Array("appliedScanFilters").Select(f => f.RequiredString("filter")).ToArray())));
            }
            return (IReadOnlyList<EcrRepositoryScanningConfiguration>)result;
        }, cancellationToken);

    public Task<string?> GetRepositoryPolicyAsync(string? registryId, string repositoryName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcrGetRepositoryPolicy, $"{registryId}/{repositoryName}", async ct =>
        {
            try
            {
                var page = await channel.CallAsync(Op.EcrGetRepositoryPolicy, WithRegistry(registryId, new JsonObject { ["repositoryName"] = repositoryName }), ct);
                return page.String("policyText");
            }
            catch (AwsServiceException e) when (e.ErrorCode == "RepositoryPolicyNotFoundException")
            {
                return null;
            }
        }, cancellationToken);

    public Task<string?> GetLifecyclePolicyAsync(string? registryId, string repositoryName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.EcrGetLifecyclePolicy, $"{registryId}/{repositoryName}", async ct =>
        {
            try
            {
                var page = await channel.CallAsync(Op.EcrGetLifecyclePolicy, WithRegistry(registryId, new JsonObject { ["repositoryName"] = repositoryName }), ct);
                return page.String("lifecyclePolicyText");
            }
            catch (AwsServiceException e) when (e.ErrorCode == "LifecyclePolicyNotFoundException")
            {
                return null;
            }
        }, cancellationToken);

    public async Task<IReadOnlyList<EcrImage>> DescribeImagesAsync(string? registryId, string repositoryName, IReadOnlyList<string> digests, CancellationToken cancellationToken)
    {
        var result = new List<EcrImage>();
        foreach (var batch in digests.Distinct(StringComparer.Ordinal).Chunk(DescribeImagesBatch))
            result.AddRange(await DescribeBatchAsync(registryId, repositoryName, batch, cancellationToken));
        return result;
    }

    private async Task<IReadOnlyList<EcrImage>> DescribeBatchAsync(string? registryId, string repositoryName, IReadOnlyList<string> digests, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.PaginateAsync(Op.EcrDescribeImages,
                () => WithRegistry(registryId, new JsonObject
                {
                    ["repositoryName"] = repositoryName,
                    ["imageIds"] = new JsonArray(digests.Select(d => (JsonNode?)new JsonObject { ["imageDigest"] = d }).ToArray()),
                }),
                page => page.Array("imageDetails").Select(EcrParsers.Image), cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ImageNotFoundException" && digests.Count > 1)
        {
            // ECR fails the whole batch when one digest is unknown: ask one by one so the others still answer.
            var found = new List<EcrImage>();
            foreach (var digest in digests)
                found.AddRange(await DescribeBatchAsync(registryId, repositoryName, [digest], cancellationToken));
            return found;
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ImageNotFoundException" or "RepositoryNotFoundException")
        {
            return [];
        }
    }

    /// <summary>
    /// Scan results of each image, in input order (duplicates collapsed). Repositories are worked on concurrently and
    /// each repository's findings fetched concurrently; the service's limiter (requests per second, concurrency) is what
    /// bounds the calls, so a cold scan of thousands of images is as fast as the limits allow and no faster.
    /// </summary>
    public async Task<IReadOnlyList<EcrImageScan>> GetImageScansAsync(IReadOnlyList<EcrImageKey> images, CancellationToken cancellationToken)
    {
        var distinct = images.Distinct().ToList();
        var scans = new EcrImageScan[distinct.Count];
        var position = distinct.Select((image, i) => (image, i)).ToDictionary(p => p.image, p => p.i);
        var repositories = distinct.GroupBy(i => (i.RegistryId, i.RepositoryName)).ToList();
        await Parallel.ForEachAsync(repositories, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentLookups, CancellationToken = cancellationToken }, async (repository, ct) =>
        {
            var details = await DetailsAsync(repository.Key.RegistryId, repository.Key.RepositoryName, [.. repository], ct);
            await Parallel.ForEachAsync(repository, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentLookups, CancellationToken = ct }, async (image, ict) =>
                scans[position[image]] = await ScanOfAsync(image, details.GetValueOrDefault(image.Digest), ict));
        });
        return scans;
    }

    /// <summary>How many lookups are in flight at most; the limiter of the ECR service caps the actual requests.</summary>
    private const int ConcurrentLookups = 8;

    /// <summary>What ECR says of each digest of one repository: from the recheck cache, else one DescribeImages per 100.</summary>
    private async Task<Dictionary<string, EcrImage?>> DetailsAsync(string registryId, string repositoryName, IReadOnlyList<EcrImageKey> images, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, EcrImage?>(StringComparer.Ordinal);
        var unknown = new List<EcrImageKey>();
        foreach (var image in images)
        {
            if (imageCache.TryGet(image, out var known))
                details[image.Digest] = known;
            else
                unknown.Add(image);
        }

        if (unknown.Count > 0)
        {
            var described = (await DescribeImagesAsync(NullIfEmpty(registryId), repositoryName, unknown.Select(i => i.Digest).ToArray(), cancellationToken))
                .ToDictionary(d => d.Key.Digest, StringComparer.Ordinal);
            foreach (var image in unknown)
            {
                var detail = described.GetValueOrDefault(image.Digest);
                imageCache.Set(image, detail);
                details[image.Digest] = detail;
            }
        }

        return details;
    }

    private async Task<EcrImageScan> ScanOfAsync(EcrImageKey image, EcrImage? detail, CancellationToken cancellationToken)
    {
        if (detail is null)
            return EcrImageScan(image, Checks.Aws.EcrImageScan.ImageNotFound);
        if (detail.ScanStatus is null)
            return EcrImageScan(image, Checks.Aws.EcrImageScan.NotScanned);
        if (detail.ScanStatus is "COMPLETE" or "ACTIVE" && detail.ScanCompletedAt is { } completedAt)
            return await findings.GetAsync(image, completedAt, ct => FetchFindingsAsync(image, ct), cancellationToken);
        return new EcrImageScan(image, detail.ScanStatus, detail.ScanStatusDescription, detail.ScanCompletedAt, null, false, detail.SeverityCounts, []);
    }

    private static EcrImageScan EcrImageScan(EcrImageKey key, string status) =>
        new(key, status, null, null, null, false, new Dictionary<string, int>(), []);

    private async Task<EcrImageScan> FetchFindingsAsync(EcrImageKey image, CancellationToken cancellationToken)
    {
        JsonView? first = null;
        var vulnerabilities = new List<EcrVulnerability>();
        var enhanced = false;
        try
        {
            await channel.PaginateAsync(Op.EcrDescribeImageScanFindings,
                () => WithRegistry(NullIfEmpty(image.RegistryId), new JsonObject
                {
                    ["repositoryName"] = image.RepositoryName,
                    ["imageId"] = new JsonObject { ["imageDigest"] = image.Digest },
                    ["maxResults"] = 1000,
                }),
                page =>
                {
                    first ??= page;
                    var findings = page.Object("imageScanFindings");
                    if (findings is { } f)
                    {
                        vulnerabilities.AddRange(f.Array("findings").Select(EcrParsers.BasicFinding));
                        var enhancedFindings = f.Array("enhancedFindings");
                        enhanced |= enhancedFindings.Count > 0;
                        vulnerabilities.AddRange(enhancedFindings.Select(EcrParsers.EnhancedFinding));
                    }
                    return Array.Empty<int>();
                }, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ScanNotFoundException")
        {
            return EcrImageScan(image, Checks.Aws.EcrImageScan.NotScanned);
        }
        var head = first!.Value;
        var status = head.Object("imageScanStatus");
        var summary = head.Object("imageScanFindings");
        return new EcrImageScan(image,
            status?.String("status") ?? Checks.Aws.EcrImageScan.NotScanned,
            status?.String("description"),
            summary?.Epoch("imageScanCompletedAt"),
            summary?.Epoch("vulnerabilitySourceUpdatedAt"),
            enhanced || status?.String("status") == "ACTIVE",
            summary?.IntMap("findingSeverityCounts", EcrSeverityNames.Shared) ?? EcrSeverityNames.NoCounts,
            vulnerabilities);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static JsonObject WithRegistry(string? registryId, JsonObject body)
    {
        if (!string.IsNullOrEmpty(registryId)) body["registryId"] = registryId;
        return body;
    }
}
