using System.Text.Json.Nodes;

namespace KubePosture.Aws.SecurityHub;

/// <summary>AWS Security Hub as the exporter uses it: import findings, and read back this cluster's findings.</summary>
public interface ISecurityHubPort
{
    /// <summary>BatchImportFindings of at most <see cref="AsffLimits.FindingsPerImport"/> findings. Findings Security Hub
    /// refused come back in <see cref="SecurityHubImportResult.Failed"/> with its error code; the call itself succeeded.</summary>
    Task<SecurityHubImportResult> BatchImportFindingsAsync(IReadOnlyList<JsonObject> findings, CancellationToken cancellationToken);

    /// <summary>GetFindings through every page, filtered to one product, cluster and scan (and ACTIVE records); findings
    /// that do not match the filter are dropped even when the service returned them.</summary>
    Task<SecurityHubFindings> GetFindingsAsync(SecurityHubFindingFilter filter, CancellationToken cancellationToken);
}

/// <summary>The findings GetFindings listed, and how many calls (pages) that took.</summary>
public sealed record SecurityHubFindings(IReadOnlyList<SecurityHubFinding> Findings, int Pages);

/// <summary>
/// One finding as Security Hub holds it: what the exporter compares (Id, our content hash, timestamps) and the whole
/// document as UTF-8 JSON (kept compact: a restart reads back every finding of the cluster).
/// </summary>
public sealed record SecurityHubFinding(string Id, string? ContentHash, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, byte[] Utf8Json)
{
    public JsonObject Document() => (JsonObject)JsonNode.Parse(Utf8Json)!;
}

/// <summary>What one BatchImportFindings call did.</summary>
public sealed record SecurityHubImportResult(int SuccessCount, IReadOnlyList<SecurityHubFailedFinding> Failed);

/// <summary>A finding Security Hub refused: its Id and the error code and message it gave.</summary>
public sealed record SecurityHubFailedFinding(string Id, string ErrorCode, string ErrorMessage);

/// <summary>This cluster's and scan's findings of this product (ProductFields kubeposture/ClusterArn and kubeposture/Scan).</summary>
public sealed record SecurityHubFindingFilter(string ProductArn, string ClusterArn, string Scan);
