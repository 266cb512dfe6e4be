using System.Text.Json.Nodes;

namespace KubePosture.AwsEmulator.Fixture;

/// <summary>Typed access to the loaded fixture tree (the tree keeps AWS wire field names so most answers are copies).</summary>
public sealed class AccountFixture(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public string Account => Root["account"]?.GetValue<string>() ?? "111122223333";

    public string Region => Root["region"]?.GetValue<string>() ?? "us-west-2";

    public string Partition => Region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn" : Region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";

    /// <summary>Largest page the emulator returns for list operations (forces clients to paginate).</summary>
    public int PageSize => Long(Root["pageSize"]) is { } n ? (int)n : 100;

    /// <summary>A whole number whichever CLR type holds it: loaded fixtures carry long, fixtures built in code often int.</summary>
    public static long? Long(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<double>(out var d) && d == Math.Floor(d) => (long)d,
        _ => null,
    };

    public JsonObject Section(string name) => Root[name] as JsonObject ?? new JsonObject();

    public static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    public static string? Str(JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The access keys the fixture declares (plus those STS issues at run time).</summary>
    public IEnumerable<(string AccessKeyId, string SecretAccessKey, string Arn)> Credentials =>
        Objects(Root["credentials"]).Select(c => (Str(c, "accessKeyId") ?? "", Str(c, "secretAccessKey") ?? "", Str(c, "arn") ?? $"arn:{Partition}:iam::{Account}:user/operator"));
}
