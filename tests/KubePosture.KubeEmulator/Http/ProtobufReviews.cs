using System.Text;
using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Http;

/// <summary>
/// kubectl's typed clients send the review APIs (auth can-i, auth whoami) as application/vnd.kubernetes.protobuf
/// and do not fall back to JSON. Protobuf is otherwise not served; this decodes just the review kinds (the
/// "k8s\0" envelope and the few spec fields) into the JSON shape the review handler takes. Answers are JSON, which
/// the clients accept (they send Accept: application/vnd.kubernetes.protobuf,application/json).
/// </summary>
internal static class ProtobufReviews
{
    private sealed record Field(string Name, bool Repeated = false, Dictionary<int, Field>? Message = null);

    private static readonly Dictionary<int, Field> ResourceAttributes = new()
    {
        [1] = new("namespace"), [2] = new("verb"), [3] = new("group"), [4] = new("version"),
        [5] = new("resource"), [6] = new("subresource"), [7] = new("name"),
    };

    private static readonly Dictionary<int, Field> NonResourceAttributes = new() { [1] = new("path"), [2] = new("verb") };

    private static readonly Dictionary<int, Field> AccessReviewSpec = new()
    {
        [1] = new("resourceAttributes", Message: ResourceAttributes),
        [2] = new("nonResourceAttributes", Message: NonResourceAttributes),
        [3] = new("user"),
        [4] = new("groups", Repeated: true),
        [6] = new("uid"),
    };

    private static readonly Dictionary<string, Dictionary<int, Field>> Specs = new(StringComparer.Ordinal)
    {
        ["SelfSubjectAccessReview"] = AccessReviewSpec,
        ["SubjectAccessReview"] = AccessReviewSpec,
        ["LocalSubjectAccessReview"] = AccessReviewSpec,
        ["SelfSubjectRulesReview"] = new() { [1] = new("namespace") },
        ["TokenReview"] = new() { [1] = new("token"), [2] = new("audiences", Repeated: true) },
        ["SelfSubjectReview"] = [],
    };

    public static bool IsProtobuf(string? contentType) =>
        contentType?.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.OrdinalIgnoreCase) == true;

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < 4 || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0)
        {
            throw ApiException.BadRequest("protobuf body is missing the \"k8s\\x00\" envelope prefix");
        }
        var envelope = Read(body.AsSpan(4));
        var typeMeta = envelope.TryGetValue(1, out var tm) ? Read(tm[0]) : [];
        var apiVersion = typeMeta.TryGetValue(1, out var av) ? Encoding.UTF8.GetString(av[0]) : "";
        var kind = typeMeta.TryGetValue(2, out var k) ? Encoding.UTF8.GetString(k[0]) : "";
        if (!Specs.TryGetValue(kind, out var specFields))
        {
            throw ApiException.UnsupportedMediaType($"protobuf is only accepted for the review APIs, not for kind \"{kind}\"; send application/json");
        }
        var raw = envelope.TryGetValue(2, out var r) ? r[0] : [];
        var message = Read(raw);
        var spec = message.TryGetValue(2, out var s) ? ToJson(Read(s[0]), specFields) : [];
        return new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion, ["metadata"] = new JsonObject(), ["spec"] = spec };
    }

    private static JsonObject ToJson(Dictionary<int, List<byte[]>> fields, Dictionary<int, Field> schema)
    {
        var o = new JsonObject();
        foreach (var (number, values) in fields)
        {
            if (!schema.TryGetValue(number, out var f)) continue;
            if (f.Message is not null) o[f.Name] = ToJson(Read(values[0]), f.Message);
            else if (f.Repeated) o[f.Name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(Encoding.UTF8.GetString(v))).ToArray());
            else o[f.Name] = Encoding.UTF8.GetString(values[0]);
        }
        return o;
    }

    /// <summary>Length-delimited fields of one protobuf message by field number (varints and fixed fields are skipped).</summary>
    private static Dictionary<int, List<byte[]>> Read(ReadOnlySpan<byte> data)
    {
        var result = new Dictionary<int, List<byte[]>>();
        var i = 0;
        while (i < data.Length)
        {
            var key = Varint(data, ref i);
            var number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    Varint(data, ref i);
                    break;
                case 1:
                    i += 8;
                    break;
                case 5:
                    i += 4;
                    break;
                case 2:
                    {
                        var length = (int)Varint(data, ref i);
                        if (i + length > data.Length) throw ApiException.BadRequest("protobuf body is truncated");
                        if (!result.TryGetValue(number, out var list)) result[number] = list = [];
                        list.Add(data.Slice(i, length).ToArray());
                        i += length;
                        break;
                    }
                default:
                    throw ApiException.BadRequest("protobuf body uses an unsupported wire type");
            }
        }
        return result;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int i)
    {
        ulong value = 0;
        var shift = 0;
        while (i < data.Length)
        {
            var b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
            shift += 7;
        }
        throw ApiException.BadRequest("protobuf body is truncated");
    }
}
