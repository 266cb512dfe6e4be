using System.Text.Json;
using System.Text.Json.Nodes;
using KubePosture.Aws.Http;
using KubePosture.Aws.Json;
using KubePosture.Aws.Ports;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.SecurityHub;

/// <summary>AWS Security Hub over restJson1 (POST /findings/import, POST /findings), signed like every other call.</summary>
internal sealed class SecurityHubClient(RestJsonChannel channel) : ISecurityHubPort
{
    private const int PageSize = 100;

    public async Task<SecurityHubImportResult> BatchImportFindingsAsync(IReadOnlyList<JsonObject> findings, CancellationToken cancellationToken)
    {
        if (findings.Count is 0 or > AsffLimits.FindingsPerImport)
            throw new ArgumentException($"findings: {findings.Count}; BatchImportFindings takes 1 to {AsffLimits.FindingsPerImport}", nameof(findings));
        var body = new JsonObject { ["Findings"] = new JsonArray([.. findings.Select(f => f.DeepClone())]) };
        var answer = await channel.PostAsync(Op.SecurityHubBatchImportFindings, "/findings/import", body, cancellationToken);
        var failed = answer.Array("FailedFindings")
            .Select(f => new SecurityHubFailedFinding(f.RequiredString("Id"), f.String("ErrorCode") ?? "Unknown", f.String("ErrorMessage") ?? ""))
            .ToList();
        return new SecurityHubImportResult(answer.Int("SuccessCount") ?? findings.Count - failed.Count, failed);
    }

    public async Task<SecurityHubFindings> GetFindingsAsync(SecurityHubFindingFilter filter, CancellationToken cancellationToken)
    {
        var pages = 0;
        var all = await channel.PaginatePostAsync(Op.SecurityHubGetFindings, "/findings", new Dictionary<string, string>(),
            () => new JsonObject { ["Filters"] = Filters(filter), ["MaxResults"] = PageSize },
            page =>
            {
                pages++;
                return page.Array("Findings").Where(f => Matches(f.Element, filter)).Select(Read);
            }, cancellationToken, tokenName: "NextToken");
        return new SecurityHubFindings(all, pages);
    }

    private static JsonObject Filters(SecurityHubFindingFilter filter)
    {
        static JsonArray Equals(string value) => [new JsonObject { ["Value"] = value, ["Comparison"] = "EQUALS" }];
        static JsonObject Field(string key, string value) => new() { ["Key"] = key, ["Value"] = value, ["Comparison"] = "EQUALS" };
        return new JsonObject
        {
            ["ProductArn"] = Equals(filter.ProductArn),
            ["RecordState"] = Equals("ACTIVE"),
            ["ProductFields"] = new JsonArray(Field(AsffMapper.ClusterArnField, filter.ClusterArn), Field(AsffMapper.ScanField, filter.Scan)),
        };
    }

    /// <summary>The filter applied again to what came back (a service that ignores filters must not make us archive others' findings).</summary>
    private static bool Matches(JsonElement finding, SecurityHubFindingFilter filter) =>
        Text(finding, "ProductArn") == filter.ProductArn
        && Text(finding, "RecordState") is null or "ACTIVE"
        && Text(finding, "ProductFields", AsffMapper.ClusterArnField) == filter.ClusterArn
        && Text(finding, "ProductFields", AsffMapper.ScanField) == filter.Scan
        && Text(finding, "Id") is not null;

    private static SecurityHubFinding Read(JsonView finding)
    {
        var e = finding.Element;
        return new SecurityHubFinding(Text(e, "Id")!, Text(e, "ProductFields", AsffFinding.ContentHashField), Time(Text(e, "CreatedAt")), Time(Text(e, "UpdatedAt")),
            JsonSerializer.SerializeToUtf8Bytes(e, AsffJsonContext.Default.JsonElement));
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static string? Text(JsonElement element, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                return null;
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
