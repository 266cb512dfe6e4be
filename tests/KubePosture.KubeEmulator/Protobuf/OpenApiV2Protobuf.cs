using System.Text;
using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Protobuf;

/// <summary>
/// The OpenAPI v2 document as kubectl asks for it (Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf):
/// the gnostic openapi_v2.Document message (github.com/google/gnostic-models openapiv2/OpenAPIv2.proto, field
/// numbers below). kubectl has no JSON fallback for this request: without it, client-side validation (used for the
/// kinds whose PATCH does not take fieldValidation, such as SubjectAccessReview) fails to start. Encodes what the
/// emulator's v2 JSON holds: swagger, info, paths (operations with their parameters and vendor extensions) and
/// definitions (JSON schemas; keywords v2 has no field for, such as anyOf or nullable, are left out, as
/// kube-apiserver leaves them out of its v2 document).
/// </summary>
internal static class OpenApiV2Protobuf
{
    /// <summary>What kubectl asks for; "@" is not a token character, so the answer's Content-Type is <see cref="ResponseMediaType"/> (as kube-openapi's handler does).</summary>
    public const string MediaType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    public const string ResponseMediaType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public static bool IsRequested(string accept) =>
        accept.Contains(MediaType, StringComparison.OrdinalIgnoreCase) || accept.Contains(ResponseMediaType, StringComparison.OrdinalIgnoreCase);

    public static byte[] Encode(JsonObject doc)
    {
        var w = new ProtoWriter();
        w.String(1, doc["swagger"]?.GetValue<string>());
        if (doc["info"] is JsonObject info)
            w.Message(2, i => { i.String(1, info["title"]?.GetValue<string>()); i.String(2, info["version"]?.GetValue<string>()); });
        if (doc["paths"] is JsonObject paths)
            w.Message(8, p => { foreach (var (name, item) in paths) p.Message(2, n => { n.String(1, name); n.Message(2, v => PathItem(v, item as JsonObject ?? [])); }); });
        if (doc["definitions"] is JsonObject definitions)
            w.Message(9, d => { foreach (var (name, schema) in definitions) d.Message(1, n => { n.String(1, name); n.Message(2, s => Schema(s, schema as JsonObject ?? [])); }); });
        return w.ToArray();
    }

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch"];

    private static void PathItem(ProtoWriter w, JsonObject item)
    {
        for (var i = 0; i < Methods.Length; i++)
        {
            if (item[Methods[i]] is JsonObject op) w.Message(2 + i, o => Operation(o, op));
        }
        foreach (var parameter in (item["parameters"] as JsonArray ?? []).OfType<JsonObject>()) w.Message(9, p => ParametersItem(p, parameter));
        Extensions(w, 10, item);
    }

    private static void Operation(ProtoWriter w, JsonObject op)
    {
        w.String(3, op["description"]?.GetValue<string>());
        w.String(5, op["operationId"]?.GetValue<string>());
        foreach (var parameter in (op["parameters"] as JsonArray ?? []).OfType<JsonObject>()) w.Message(8, p => ParametersItem(p, parameter));
        if (op["responses"] is JsonObject responses)
        {
            w.Message(9, r =>
            {
                foreach (var (code, response) in responses)
                {
                    r.Message(1, n =>
                    {
                        n.String(1, code);
                        n.Message(2, v => v.Message(1, x => x.String(1, response?["description"]?.GetValue<string>() ?? "")));
                    });
                }
            });
        }
        Extensions(w, 13, op);
    }

    /// <summary>ParametersItem.parameter (1) → Parameter.non_body_parameter (2) → NonBodyParameter's query (3) or path (4) sub-schema.</summary>
    private static void ParametersItem(ProtoWriter w, JsonObject parameter) => w.Message(1, p => p.Message(2, nb =>
    {
        var where = parameter["in"]?.GetValue<string>() ?? "query";
        nb.Message(where == "path" ? 4 : 3, s =>
        {
            s.Bool(1, parameter["required"]?.GetValue<bool>() ?? false);
            s.String(2, where);
            s.String(3, parameter["description"]?.GetValue<string>());
            s.String(4, parameter["name"]?.GetValue<string>());
            var type = parameter["type"]?.GetValue<string>() ?? parameter["schema"]?["type"]?.GetValue<string>();
            if (where == "path") s.String(5, type);
            else
            {
                s.String(6, type);
                s.Bool(20, parameter["uniqueItems"]?.GetValue<bool>() ?? false);
            }
        });
    }));

    private static void Schema(ProtoWriter w, JsonObject s)
    {
        w.String(1, s["$ref"]?.GetValue<string>());
        w.String(2, s["format"]?.GetValue<string>());
        w.String(3, s["title"]?.GetValue<string>());
        w.String(4, s["description"]?.GetValue<string>());
        if (s["default"] is { } def) w.Message(5, a => a.String(2, def.ToJsonString()));
        w.Double(6, s["multipleOf"]);
        w.Double(7, s["maximum"]);
        w.Bool(8, s["exclusiveMaximum"]?.GetValue<bool>() ?? false);
        w.Double(9, s["minimum"]);
        w.Bool(10, s["exclusiveMinimum"]?.GetValue<bool>() ?? false);
        w.Int(11, s["maxLength"]);
        w.Int(12, s["minLength"]);
        w.String(13, s["pattern"]?.GetValue<string>());
        w.Int(14, s["maxItems"]);
        w.Int(15, s["minItems"]);
        w.Bool(16, s["uniqueItems"]?.GetValue<bool>() ?? false);
        w.Int(17, s["maxProperties"]);
        w.Int(18, s["minProperties"]);
        foreach (var required in (s["required"] as JsonArray ?? []).Select(r => r?.GetValue<string>())) w.String(19, required, always: true);
        foreach (var value in s["enum"] as JsonArray ?? []) w.Message(20, a => a.String(2, value?.ToJsonString() ?? "null"));
        switch (s["additionalProperties"])
        {
            case JsonObject additional:
                w.Message(21, a => a.Message(1, x => Schema(x, additional)));
                break;
            case JsonValue flag when flag.TryGetValue<bool>(out var allowed):
                w.Message(21, a => a.Bool(2, allowed, always: true));
                break;
        }
        if (s["type"] is { } type)
            w.Message(22, t => { foreach (var name in type is JsonArray many ? many.Select(n => n!.GetValue<string>()) : [type.GetValue<string>()]) t.String(1, name, always: true); });
        if (s["items"] is JsonObject items) w.Message(23, i => i.Message(1, x => Schema(x, items)));
        foreach (var part in (s["allOf"] as JsonArray ?? []).OfType<JsonObject>()) w.Message(24, x => Schema(x, part));
        if (s["properties"] is JsonObject properties)
            w.Message(25, p => { foreach (var (name, property) in properties) p.Message(1, n => { n.String(1, name); n.Message(2, x => Schema(x, property as JsonObject ?? [])); }); });
        w.Bool(27, s["readOnly"]?.GetValue<bool>() ?? false);
        if (s["example"] is { } example) w.Message(30, a => a.String(2, example.ToJsonString()));
        Extensions(w, 31, s);
    }

    /// <summary>Every "x-..." key as a NamedAny whose Any holds the value as YAML (JSON is YAML), as gnostic writes it.</summary>
    private static void Extensions(ProtoWriter w, int field, JsonObject o)
    {
        foreach (var (name, value) in o.Where(p => p.Key.StartsWith("x-", StringComparison.Ordinal)))
        {
            w.Message(field, n => { n.String(1, name); n.Message(2, a => a.String(2, value?.ToJsonString() ?? "null")); });
        }
    }
}

/// <summary>Writes protobuf fields (proto3 rules: zero scalars are left out unless asked for).</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _out = new();

    public byte[] ToArray() => _out.ToArray();

    public void String(int field, string? value, bool always = false)
    {
        if (value is null || (value.Length == 0 && !always)) return;
        Bytes(field, Encoding.UTF8.GetBytes(value));
    }

    public void Bool(int field, bool value, bool always = false)
    {
        if (!value && !always) return;
        Tag(field, 0);
        Varint(value ? 1UL : 0UL);
    }

    public void Int(int field, JsonNode? value)
    {
        if (value is not JsonValue v || !v.TryGetValue<long>(out var n)) return;
        Tag(field, 0);
        Varint((ulong)n);
    }

    public void Double(int field, JsonNode? value)
    {
        if (value is not JsonValue v || !v.TryGetValue<double>(out var d)) return;
        Tag(field, 1);
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(bytes, d);
        _out.Write(bytes);
    }

    public void Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        Bytes(field, inner.ToArray());
    }

    private void Bytes(int field, byte[] bytes)
    {
        Tag(field, 2);
        Varint((ulong)bytes.Length);
        _out.Write(bytes);
    }

    private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _out.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _out.WriteByte((byte)value);
    }
}
