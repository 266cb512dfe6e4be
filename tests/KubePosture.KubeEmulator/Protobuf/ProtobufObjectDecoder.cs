using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Http;

namespace KubePosture.KubeEmulator.Protobuf;

/// <summary>
/// Decodes an application/vnd.kubernetes.protobuf body (the "k8s\0" magic, then a runtime.Unknown whose typeMeta
/// names the kind and whose raw holds the object) into the JSON object kube-apiserver would store, driven by the
/// vendored schema (<see cref="ProtoSchema"/>): kubectl's typed clients send every built-in kind this way and do not
/// fall back to JSON. The JSON follows Go's encoding of the same struct: a non-pointer scalar at its zero value is
/// omitted (omitempty), a pointer keeps an explicit zero, embedded structs are inlined, and the apimachinery types with
/// their own JSON form (Time, MicroTime, Duration, Quantity, IntOrString, RawExtension, FieldsV1, +nullable lists)
/// are written in it. Fields the schema does not know are dropped, as kube-apiserver drops them.
/// </summary>
internal static class ProtobufObjectDecoder
{
    private const string Meta = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private const string Extensions = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.";

    public static bool IsProtobuf(string? contentType) =>
        contentType?.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.OrdinalIgnoreCase) == true;

    public static JsonObject Decode(byte[] body) => Decode(body, ProtoSchema.Builtin);

    public static JsonObject Decode(byte[] body, ProtoSchema schema)
    {
        if (body.Length < 4 || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0)
        {
            throw ApiException.BadRequest("protobuf body is missing the \"k8s\\x00\" envelope prefix");
        }
        var envelope = ProtoWire.Read(body.AsSpan(4));
        var typeMeta = envelope.TryGetValue(1, out var tm) ? ProtoWire.Read(tm[^1].Bytes) : [];
        var apiVersion = typeMeta.TryGetValue(1, out var av) ? Encoding.UTF8.GetString(av[^1].Bytes) : "";
        var kind = typeMeta.TryGetValue(2, out var k) ? Encoding.UTF8.GetString(k[^1].Bytes) : "";
        if (envelope.TryGetValue(3, out var encoding) && encoding[^1].Bytes.Length > 0)
        {
            throw ApiException.UnsupportedMediaType($"protobuf body with contentEncoding \"{Encoding.UTF8.GetString(encoding[^1].Bytes)}\" is not supported");
        }
        var message = schema.FindKind(apiVersion, kind) ?? throw ApiException.UnsupportedMediaType(
            $"the body of the request was in an unknown format - protobuf is accepted for the built-in kinds, not for {apiVersion} {kind}; accepted media types include: application/json, application/yaml");
        var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
        var raw = envelope.TryGetValue(2, out var r) ? r[^1].Bytes : [];
        foreach (var (name, value) in (JsonObject)DecodeMessage(message, raw, schema)!)
        {
            obj[name] = value?.DeepClone();
        }
        obj["metadata"] ??= new JsonObject();
        return obj;
    }

    private static JsonNode? DecodeMessage(ProtoMessage message, byte[] data, ProtoSchema schema)
    {
        var fields = ProtoWire.Read(data);
        switch (message.FullName)
        {
            case Meta + "Time":
                return Timestamp(fields, "yyyy-MM-dd'T'HH:mm:ss'Z'");
            case Meta + "MicroTime":
                return Timestamp(fields, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
            case Meta + "Duration":
                return GoDuration(fields.TryGetValue(1, out var d) ? (long)d[^1].Number : 0);
            case Meta + "FieldsV1":
            case "k8s.io.apimachinery.pkg.runtime.RawExtension":
            case Extensions + "JSON":
                return fields.TryGetValue(1, out var json) ? EmbeddedJson(json[^1].Bytes, message.FullName) : null;
            // JSON Schema's "one schema or ...": the schema when there is one, else the other form.
            case Extensions + "JSONSchemaPropsOrArray":
                return fields.TryGetValue(1, out var one) ? DecodeMessage(Resolve(message.Fields[1], schema), one[^1].Bytes, schema)
                    : new JsonArray(fields.GetValueOrDefault(2, []).Select(v => DecodeMessage(Resolve(message.Fields[2], schema), v.Bytes, schema)).ToArray());
            case Extensions + "JSONSchemaPropsOrBool":
                return fields.TryGetValue(2, out var props) ? DecodeMessage(Resolve(message.Fields[2], schema), props[^1].Bytes, schema)
                    : fields.TryGetValue(1, out var allows) && allows[^1].Number != 0;
            case Extensions + "JSONSchemaPropsOrStringArray":
                return fields.TryGetValue(1, out var dependency) ? DecodeMessage(Resolve(message.Fields[1], schema), dependency[^1].Bytes, schema)
                    : new JsonArray(fields.GetValueOrDefault(2, []).Select(v => (JsonNode?)Encoding.UTF8.GetString(v.Bytes)).ToArray());
            case "k8s.io.apimachinery.pkg.api.resource.Quantity":
                return fields.TryGetValue(1, out var q) ? Encoding.UTF8.GetString(q[^1].Bytes) : "0";
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
                return fields.TryGetValue(1, out var t) && t[^1].Number == 1
                    ? Encoding.UTF8.GetString(fields.TryGetValue(3, out var s) ? s[^1].Bytes : [])
                    : (int)(fields.TryGetValue(2, out var i) ? (long)i[^1].Number : 0);
        }
        if (message.NullableList)
        {
            return new JsonArray(fields.GetValueOrDefault(1, []).Select(v => (JsonNode?)Encoding.UTF8.GetString(v.Bytes)).ToArray());
        }

        var obj = new JsonObject();
        foreach (var (number, values) in fields.OrderBy(f => f.Key))
        {
            if (!message.Fields.TryGetValue(number, out var field)) continue;
            if (field.Inline)
            {
                if (DecodeMessage(Resolve(field, schema), values[^1].Bytes, schema) is JsonObject inlined)
                {
                    foreach (var (name, value) in inlined) obj[name] = value?.DeepClone();
                }
                continue;
            }
            var node = field.IsMap ? DecodeMap(field, values, schema)
                : field.Repeated ? DecodeRepeated(field, values, schema)
                : DecodeSingle(field, values[^1], schema);
            if (node is not null) obj[field.JsonName] = node;
        }
        return obj;
    }

    private static JsonObject DecodeMap(ProtoField field, List<ProtoWire.Value> entries, ProtoSchema schema)
    {
        var map = new JsonObject();
        foreach (var entry in entries)
        {
            var kv = ProtoWire.Read(entry.Bytes);
            var key = kv.TryGetValue(1, out var kb) ? Encoding.UTF8.GetString(kb[^1].Bytes) : "";
            var value = kv.TryGetValue(2, out var vb) ? vb[^1] : new ProtoWire.Value([], 0);
            map[key] = field.Scalar == ProtoScalar.None
                ? DecodeMessage(Resolve(field, schema), value.Bytes, schema)
                : Scalar(field.Scalar, value);
        }
        return map;
    }

    private static JsonArray DecodeRepeated(ProtoField field, List<ProtoWire.Value> values, ProtoSchema schema)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            if (field.Scalar == ProtoScalar.None) array.Add(DecodeMessage(Resolve(field, schema), value.Bytes, schema));
            else if (value.IsLengthDelimited && field.Scalar is ProtoScalar.Int32 or ProtoScalar.Int64 or ProtoScalar.Bool)
            {
                foreach (var n in ProtoWire.PackedVarints(value.Bytes)) array.Add(Scalar(field.Scalar, new ProtoWire.Value([], n)));
            }
            else array.Add(Scalar(field.Scalar, value));
        }
        return array;
    }

    private static JsonNode? DecodeSingle(ProtoField field, ProtoWire.Value value, ProtoSchema schema)
    {
        if (field.Scalar == ProtoScalar.None)
        {
            var message = DecodeMessage(Resolve(field, schema), value.Bytes, schema);
            // A non-pointer IntOrString left at zero is unset (kube-apiserver defaults it, e.g. targetPort to port).
            return message is JsonValue v && v.TryGetValue<int>(out var zero) && zero == 0 && !field.Pointer && field.MessageType!.EndsWith(".IntOrString", StringComparison.Ordinal)
                ? null
                : message;
        }
        var node = Scalar(field.Scalar, value);
        var isZero = field.Scalar switch
        {
            ProtoScalar.String or ProtoScalar.Bytes => value.Bytes.Length == 0,
            ProtoScalar.Double => BitConverter.Int64BitsToDouble((long)value.Number) == 0,
            _ => value.Number == 0,
        };
        return isZero && !field.Pointer ? null : node;
    }

    private static JsonNode Scalar(ProtoScalar scalar, ProtoWire.Value value) => scalar switch
    {
        ProtoScalar.String => JsonValue.Create(Encoding.UTF8.GetString(value.Bytes)),
        ProtoScalar.Bytes => JsonValue.Create(Convert.ToBase64String(value.Bytes)),
        ProtoScalar.Bool => JsonValue.Create(value.Number != 0),
        ProtoScalar.Int32 => JsonValue.Create((int)(long)value.Number),
        ProtoScalar.Int64 => JsonValue.Create((long)value.Number),
        ProtoScalar.Double => JsonValue.Create(BitConverter.Int64BitsToDouble((long)value.Number)),
        _ => throw new InvalidOperationException($"not a scalar: {scalar}"),
    };

    private static ProtoMessage Resolve(ProtoField field, ProtoSchema schema) =>
        schema.Find(field.MessageType!) ?? throw new InvalidOperationException($"vendored proto schema lacks {field.MessageType}");

    private static JsonNode? Timestamp(Dictionary<int, List<ProtoWire.Value>> fields, string format)
    {
        var seconds = fields.TryGetValue(1, out var s) ? (long)s[^1].Number : 0;
        var nanos = fields.TryGetValue(2, out var n) ? (long)n[^1].Number : 0;
        if (seconds == 0 && nanos == 0) return null; // Go's zero time: omitted (creationTimestamp is set by the server)
        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
        return time.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
    }

    private static JsonNode? EmbeddedJson(byte[] bytes, string type)
    {
        if (bytes.Length == 0) return null;
        try
        {
            return JsonNode.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"protobuf body: {type} does not hold JSON: {e.Message}");
        }
    }

    /// <summary>Go's time.Duration.String(): "1h2m3.5s", "0s", "150ms".</summary>
    internal static string GoDuration(long nanoseconds)
    {
        if (nanoseconds == 0) return "0s";
        var sign = nanoseconds < 0 ? "-" : "";
        var n = (ulong)Math.Abs(nanoseconds);
        if (n < 1_000_000_000)
        {
            var (unit, size) = n < 1_000 ? ("ns", 1UL) : n < 1_000_000 ? ("µs", 1_000UL) : ("ms", 1_000_000UL);
            return sign + Fraction(n, size) + unit;
        }
        var hours = n / 3_600_000_000_000;
        var minutes = n / 60_000_000_000 % 60;
        var seconds = Fraction(n % 60_000_000_000, 1_000_000_000) + "s";
        return sign + (hours > 0 ? $"{hours}h{minutes}m" : minutes > 0 ? $"{minutes}m" : "") + seconds;
    }

    private static string Fraction(ulong value, ulong unit)
    {
        var whole = value / unit;
        var rest = value % unit;
        if (rest == 0) return whole.ToString(CultureInfo.InvariantCulture);
        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole.ToString(CultureInfo.InvariantCulture) + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }
}

/// <summary>The protobuf wire format: the fields of one message by number.</summary>
internal static class ProtoWire
{
    /// <summary>A length-delimited field's bytes, or a varint/fixed field's number (fixed64 as its raw bits).</summary>
    public readonly record struct Value(byte[] Bytes, ulong Number, bool IsLengthDelimited = false);

    public static Dictionary<int, List<Value>> Read(ReadOnlySpan<byte> data)
    {
        var result = new Dictionary<int, List<Value>>();
        var i = 0;
        while (i < data.Length)
        {
            var key = Varint(data, ref i);
            var number = (int)(key >> 3);
            Value value;
            switch ((int)(key & 7))
            {
                case 0:
                    value = new Value([], Varint(data, ref i));
                    break;
                case 1:
                    Need(data, i, 8);
                    value = new Value([], BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
                    i += 8;
                    break;
                case 5:
                    Need(data, i, 4);
                    value = new Value([], BinaryPrimitives.ReadUInt32LittleEndian(data[i..]));
                    i += 4;
                    break;
                case 2:
                    {
                        var length = Varint(data, ref i);
                        if (length > (ulong)(data.Length - i)) throw ApiException.BadRequest("protobuf body is truncated");
                        value = new Value(data.Slice(i, (int)length).ToArray(), 0, IsLengthDelimited: true);
                        i += (int)length;
                        break;
                    }
                default:
                    throw ApiException.BadRequest($"protobuf body uses wire type {key & 7} (field {number}), which Kubernetes objects do not use");
            }
            if (!result.TryGetValue(number, out var list)) result[number] = list = [];
            list.Add(value);
        }
        return result;
    }

    public static IEnumerable<ulong> PackedVarints(byte[] data)
    {
        var values = new List<ulong>();
        var i = 0;
        while (i < data.Length) values.Add(Varint(data, ref i));
        return values;
    }

    private static void Need(ReadOnlySpan<byte> data, int at, int count)
    {
        if (data.Length - at < count) throw ApiException.BadRequest("protobuf body is truncated");
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64 && i < data.Length; shift += 7)
        {
            var b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw ApiException.BadRequest("protobuf body is truncated or has a varint longer than 64 bits");
    }
}
