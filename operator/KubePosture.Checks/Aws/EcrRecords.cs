namespace KubePosture.Checks.Aws;

/// <summary>An ECR repository (DescribeRepositories).</summary>
public sealed record EcrRepository(
    string RegistryId,
    string Name,
    string Arn,
    string Uri,
    DateTimeOffset? CreatedAt,
    string ImageTagMutability,
    bool ScanOnPush,
    string EncryptionType,
    string? KmsKey)
{
    public bool TagsImmutable => ImageTagMutability.StartsWith("IMMUTABLE", StringComparison.Ordinal);
}

/// <summary>Registry-level scanning configuration (GetRegistryScanningConfiguration). ScanType is BASIC or ENHANCED.</summary>
public sealed record EcrRegistryScanningConfiguration(string RegistryId, string ScanType, IReadOnlyList<EcrScanningRule> Rules);

/// <summary>One registry scanning rule: frequency (SCAN_ON_PUSH, CONTINUOUS_SCAN, MANUAL) for repositories matching the filters.</summary>
public sealed record EcrScanningRule(string ScanFrequency, IReadOnlyList<string> RepositoryFilters);

/// <summary>Effective scanning of one repository (BatchGetRepositoryScanningConfiguration).</summary>
public sealed record EcrRepositoryScanningConfiguration(string RepositoryName, string ScanFrequency, bool ScanOnPush, IReadOnlyList<string> AppliedFilters);

/// <summary>Identifies an image by digest: the cache key of its scan findings.</summary>
public sealed record EcrImageKey(string RegistryId, string RepositoryName, string Digest)
{
    public override string ToString() => $"{RegistryId}/{RepositoryName}@{Digest}";
}

/// <summary>An image's metadata (DescribeImages) including the scan summary that tells whether findings changed.</summary>
public sealed record EcrImage(
    EcrImageKey Key,
    IReadOnlyList<string> Tags,
    DateTimeOffset? PushedAt,
    DateTimeOffset? LastRecordedPullTime,
    string? ScanStatus,
    string? ScanStatusDescription,
    DateTimeOffset? ScanCompletedAt,
    IReadOnlyDictionary<string, int> SeverityCounts);

/// <summary>
/// Scan results for one image digest. Status is ECR's imageScanStatus (COMPLETE, ACTIVE, IN_PROGRESS, FAILED,
/// UNSUPPORTED_IMAGE, SCAN_ELIGIBILITY_EXPIRED, FINDINGS_UNAVAILABLE, PENDING, ...) or NOT_SCANNED when ECR holds
/// no scan, IMAGE_NOT_FOUND when the digest is not in the repository.
/// </summary>
public sealed record EcrImageScan(
    EcrImageKey Key,
    string Status,
    string? StatusDescription,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? VulnerabilitySourceUpdatedAt,
    bool Enhanced,
    IReadOnlyDictionary<string, int> SeverityCounts,
    IReadOnlyList<EcrVulnerability> Findings)
{
    public const string NotScanned = "NOT_SCANNED";
    public const string ImageNotFound = "IMAGE_NOT_FOUND";

    public int Count(string severity) => SeverityCounts.TryGetValue(severity, out var n) ? n : 0;
}

/// <summary>
/// One vulnerability (basic <c>findings</c> or enhanced <c>enhancedFindings</c>). FixAvailable is YES, NO, PARTIAL or
/// null when ECR does not say (basic scanning).
/// </summary>
public sealed record EcrVulnerability(
    string Id,
    string Severity,
    string? PackageName,
    string? PackageVersion,
    string? FixedInVersion,
    string? FixAvailable,
    double? Score,
    string? Uri)
{
    /// <summary>A fix exists: enhanced fixAvailable YES or PARTIAL, or (basic scanning, which does not say) a fixed-in version.</summary>
    public bool Fixable => FixAvailable is "YES" or "PARTIAL" || (FixAvailable is null && !string.IsNullOrEmpty(FixedInVersion));
}
