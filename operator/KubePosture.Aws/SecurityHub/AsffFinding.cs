using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// One finding in ASFF, before the timestamps of an import: the body is everything that describes the finding and
/// <see cref="ContentHash"/> its hash, so an exporter compares hashes to know whether Security Hub already has it. The
/// body is held as UTF-8 JSON (about 2 KB): a scan of a large cluster maps tens of thousands of findings, and only
/// those that changed become documents again (<see cref="ToImport"/>).
/// </summary>
public sealed class AsffFinding
{
    public const string SchemaVersion = "2018-10-08";
    public const string ContentHashField = "kubeposture/ContentHash";

    internal AsffFinding(string id, string checkId, JsonObject body, bool suppressed, string? noteText)
    {
        Id = id;
        CheckId = checkId;
        _body = JsonSerializer.SerializeToUtf8Bytes(body, AsffJsonContext.Default.JsonObject);
        Suppressed = suppressed;
        NoteText = noteText;
        ContentHash = Convert.ToHexStringLower(SHA256.HashData(_body))[..32];
    }

    private readonly byte[] _body;

    public string Id { get; }

    public string CheckId { get; }

    /// <summary>The finding without CreatedAt, UpdatedAt, FirstObservedAt, LastObservedAt and the content hash field (a new copy per read).</summary>
    public JsonObject Body => (JsonObject)JsonNode.Parse(_body)!;

    /// <summary>Suppressed by a PostureException: created with Workflow SUPPRESSED and a Note saying by what.</summary>
    public bool Suppressed { get; }

    private string? NoteText { get; }

    /// <summary>Hex SHA-256 of the body (first 32 characters): equal hashes, equal findings.</summary>
    public string ContentHash { get; }

    /// <summary>
    /// The document BatchImportFindings receives. <paramref name="createdAt"/> is when the finding was first exported
    /// (kept on every update), <paramref name="now"/> the update's time (UpdatedAt, LastObservedAt).
    /// </summary>
    public JsonObject ToImport(DateTimeOffset createdAt, DateTimeOffset now)
    {
        var document = Body;
        document["CreatedAt"] = Timestamp(createdAt);
        document["UpdatedAt"] = Timestamp(now);
        document["FirstObservedAt"] = Timestamp(createdAt);
        document["LastObservedAt"] = Timestamp(now);
        ((JsonObject)document["ProductFields"]!)[ContentHashField] = ContentHash;
        if (NoteText is not null)
            document["Note"] = new JsonObject { ["Text"] = NoteText, ["UpdatedBy"] = "kubeposture", ["UpdatedAt"] = Timestamp(now) };
        return document;
    }

    /// <summary>ASFF timestamps: RFC 3339 in UTC with milliseconds.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonArray))]
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
internal sealed partial class AsffJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
