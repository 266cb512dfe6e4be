using System.Text.Json.Nodes;

namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// The last update of a finding that is gone (its resource deleted or fixed, its check no longer selected): the finding
/// as last exported, with <c>RecordState: ARCHIVED</c> and <c>Compliance.Status: PASSED</c>, so Security Hub moves it
/// out of the active findings (and resolves it in the customer's workflow).
/// </summary>
public static class AsffArchive
{
    /// <summary>The fields this product sends; an archive built from a finding read back from Security Hub keeps only these.</summary>
    private static readonly string[] ProviderFields =
    [
        "SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "Severity", "Title", "Description", "Remediation",
        "ProductFields", "Resources", "Compliance", "FindingProviderFields", "CreatedAt", "FirstObservedAt", "LastObservedAt",
    ];

    public const string ArchivedHash = "archived";

    public static JsonObject From(JsonObject lastExported, DateTimeOffset now)
    {
        var archive = new JsonObject();
        foreach (var field in ProviderFields)
        {
            if (lastExported[field] is { } value)
                archive[field] = value.DeepClone();
        }

        archive["RecordState"] = "ARCHIVED";
        archive["UpdatedAt"] = AsffFinding.Timestamp(now);
        var compliance = archive["Compliance"] as JsonObject ?? new JsonObject();
        compliance["Status"] = "PASSED";
        archive["Compliance"] = compliance;
        if (archive["ProductFields"] is JsonObject fields)
        {
            // Security Hub's own aws/* fields are not the provider's to send back.
            foreach (var key in fields.Select(f => f.Key).Where(k => k.StartsWith("aws/", StringComparison.Ordinal)).ToList())
                fields.Remove(key);
            fields[AsffFinding.ContentHashField] = ArchivedHash;
        }

        return archive;
    }
}
