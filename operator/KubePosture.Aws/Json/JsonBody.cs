using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubePosture.Aws.Json;

/// <summary>Serializes awsJson1_1 request bodies.</summary>
internal static class JsonBody
{
    public static byte[] Serialize(JsonObject body) => JsonSerializer.SerializeToUtf8Bytes(body, JsonBodyContext.Default.JsonObject);

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
internal sealed partial class JsonBodyContext : System.Text.Json.Serialization.JsonSerializerContext;
