using System.Text;
using System.Text.Json.Nodes;

namespace KubePosture.KubeEmulator.Http;

/// <summary>
/// kubectl's typed clients (auth can-i, auth whoami, create namespace/serviceaccount/configmap/secret/role/
/// rolebinding/clusterrole/clusterrolebinding) send application/vnd.kubernetes.protobuf and do not fall back to
/// JSON. Protobuf is otherwise out of scope: this decodes just those kinds (the "k8s\0" envelope, ObjectMeta and
/// the kinds' fields, numbered as in k8s.io/api generated.proto) into the JSON the handlers take. Answers are JSON,
/// which those clients accept (Accept: application/vnd.kubernetes.protobuf,application/json). Other kinds get 415.
/// </summary>
internal static class ProtobufDecoder
{
    private enum T { String, Bytes, Bool, Int, Message, StringMap, BytesMap }

    private sealed record Field(string Name, T Type, bool Repeated = false, Dictionary<int, Field>? Message = null);

    private static readonly Dictionary<int, Field> Time = new() { [1] = new("seconds", T.Int) };

    private static readonly Dictionary<int, Field> OwnerReference = new()
    {
        [1] = new("kind", T.String), [3] = new("name", T.String), [4] = new("uid", T.String), [5] = new("apiVersion", T.String),
        [6] = new("controller", T.Bool), [7] = new("blockOwnerDeletion", T.Bool),
    };

    private static readonly Dictionary<int, Field> ObjectMeta = new()
    {
        [1] = new("name", T.String), [2] = new("generateName", T.String), [3] = new("namespace", T.String),
        [5] = new("uid", T.String), [6] = new("resourceVersion", T.String), [7] = new("generation", T.Int),
        [11] = new("labels", T.StringMap), [12] = new("annotations", T.StringMap),
        [13] = new("ownerReferences", T.Message, true, OwnerReference), [14] = new("finalizers", T.String, true),
    };

    private static readonly Dictionary<int, Field> ResourceAttributes = new()
    {
        [1] = new("namespace", T.String), [2] = new("verb", T.String), [3] = new("group", T.String), [4] = new("version", T.String),
        [5] = new("resource", T.String), [6] = new("subresource", T.String), [7] = new("name", T.String),
    };

    private static readonly Dictionary<int, Field> NonResourceAttributes = new() { [1] = new("path", T.String), [2] = new("verb", T.String) };

    private static readonly Dictionary<int, Field> AccessReviewSpec = new()
    {
        [1] = new("resourceAttributes", T.Message, Message: ResourceAttributes),
        [2] = new("nonResourceAttributes", T.Message, Message: NonResourceAttributes),
        [3] = new("user", T.String),
        [4] = new("groups", T.String, true),
        [6] = new("uid", T.String),
    };

    private static readonly Dictionary<int, Field> PolicyRule = new()
    {
        [1] = new("verbs", T.String, true), [2] = new("apiGroups", T.String, true), [3] = new("resources", T.String, true),
        [4] = new("resourceNames", T.String, true), [5] = new("nonResourceURLs", T.String, true),
    };

    private static readonly Dictionary<int, Field> LabelSelector = new() { [1] = new("matchLabels", T.StringMap) };

    private static readonly Dictionary<int, Field> Subject = new()
    {
        [1] = new("kind", T.String), [2] = new("apiGroup", T.String), [3] = new("name", T.String), [4] = new("namespace", T.String),
    };

    private static readonly Dictionary<int, Field> RoleRef = new() { [1] = new("apiGroup", T.String), [2] = new("kind", T.String), [3] = new("name", T.String) };

    private static readonly Dictionary<int, Field> Binding = new()
    {
        [1] = new("metadata", T.Message, Message: ObjectMeta),
        [2] = new("subjects", T.Message, true, Subject),
        [3] = new("roleRef", T.Message, Message: RoleRef),
    };

    private static readonly Dictionary<int, Field> LocalObjectReference = new() { [1] = new("name", T.String) };

    private static readonly Dictionary<string, Dictionary<int, Field>> Kinds = new(StringComparer.Ordinal)
    {
        ["SelfSubjectAccessReview"] = Spec(AccessReviewSpec),
        ["SubjectAccessReview"] = Spec(AccessReviewSpec),
        ["LocalSubjectAccessReview"] = Spec(AccessReviewSpec),
        ["SelfSubjectRulesReview"] = Spec(new() { [1] = new("namespace", T.String) }),
        ["TokenReview"] = Spec(new() { [1] = new("token", T.String), [2] = new("audiences", T.String, true) }),
        ["SelfSubjectReview"] = new() { [1] = new("metadata", T.Message, Message: ObjectMeta) },
        ["Namespace"] = new()
        {
            [1] = new("metadata", T.Message, Message: ObjectMeta),
            [2] = new("spec", T.Message, Message: new() { [1] = new("finalizers", T.String, true) }),
        },
        ["ServiceAccount"] = new()
        {
            [1] = new("metadata", T.Message, Message: ObjectMeta),
            [3] = new("imagePullSecrets", T.Message, true, LocalObjectReference),
            [4] = new("automountServiceAccountToken", T.Bool),
        },
        ["ConfigMap"] = new()
        {
            [1] = new("metadata", T.Message, Message: ObjectMeta),
            [2] = new("data", T.StringMap),
            [3] = new("binaryData", T.BytesMap),
            [4] = new("immutable", T.Bool),
        },
        ["Secret"] = new()
        {
            [1] = new("metadata", T.Message, Message: ObjectMeta),
            [2] = new("data", T.BytesMap),
            [3] = new("type", T.String),
            [4] = new("stringData", T.StringMap),
            [5] = new("immutable", T.Bool),
        },
        ["Role"] = new() { [1] = new("metadata", T.Message, Message: ObjectMeta), [2] = new("rules", T.Message, true, PolicyRule) },
        ["ClusterRole"] = new()
        {
            [1] = new("metadata", T.Message, Message: ObjectMeta),
            [2] = new("rules", T.Message, true, PolicyRule),
            [3] = new("aggregationRule", T.Message, Message: new() { [1] = new("clusterRoleSelectors", T.Message, true, LabelSelector) }),
        },
        ["RoleBinding"] = Binding,
        ["ClusterRoleBinding"] = Binding,
    };

    private static Dictionary<int, Field> Spec(Dictionary<int, Field> spec) => new()
    {
        [1] = new("metadata", T.Message, Message: ObjectMeta),
        [2] = new("spec", T.Message, Message: spec),
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
        var typeMeta = envelope.TryGetValue(1, out var tm) ? Read(tm[0].Bytes) : [];
        var apiVersion = typeMeta.TryGetValue(1, out var av) ? Encoding.UTF8.GetString(av[0].Bytes) : "";
        var kind = typeMeta.TryGetValue(2, out var k) ? Encoding.UTF8.GetString(k[0].Bytes) : "";
        if (!Kinds.TryGetValue(kind, out var schema))
        {
            throw ApiException.UnsupportedMediaType($"the body of the request was in an unknown format - protobuf is only accepted for the kinds kubectl's typed clients send, not for \"{kind}\"; accepted media types include: application/json, application/yaml");
        }
        var raw = envelope.TryGetValue(2, out var r) ? r[0].Bytes : [];
        var obj = ToJson(Read(raw), schema);
        obj["kind"] = kind;
        obj["apiVersion"] = apiVersion;
        obj["metadata"] ??= new JsonObject();
        if (obj["metadata"] is JsonObject meta && meta["creationTimestamp"] is null) meta.Remove("creationTimestamp");
        return obj;
    }

    private readonly record struct Value(byte[] Bytes, ulong Number);

    private static JsonObject ToJson(Dictionary<int, List<Value>> fields, Dictionary<int, Field> schema)
    {
        var o = new JsonObject();
        foreach (var (number, values) in fields)
        {
            if (!schema.TryGetValue(number, out var f)) continue;
            switch (f.Type)
            {
                case T.StringMap or T.BytesMap:
                    {
                        var map = new JsonObject();
                        foreach (var v in values)
                        {
                            var entry = Read(v.Bytes);
                            var key = entry.TryGetValue(1, out var kv) ? Encoding.UTF8.GetString(kv[0].Bytes) : "";
                            var value = entry.TryGetValue(2, out var vv) ? vv[0].Bytes : [];
                            map[key] = f.Type == T.StringMap ? Encoding.UTF8.GetString(value) : Convert.ToBase64String(value);
                        }
                        o[f.Name] = map;
                        break;
                    }
                case T.Message when f.Repeated:
                    o[f.Name] = new JsonArray(values.Select(v => (JsonNode?)ToJson(Read(v.Bytes), f.Message!)).ToArray());
                    break;
                case T.Message:
                    o[f.Name] = ToJson(Read(values[0].Bytes), f.Message!);
                    break;
                case T.String when f.Repeated:
                    o[f.Name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(Encoding.UTF8.GetString(v.Bytes))).ToArray());
                    break;
                case T.String:
                    o[f.Name] = Encoding.UTF8.GetString(values[0].Bytes);
                    break;
                case T.Bytes:
                    o[f.Name] = Convert.ToBase64String(values[0].Bytes);
                    break;
                case T.Bool:
                    o[f.Name] = values[0].Number != 0;
                    break;
                case T.Int:
                    o[f.Name] = (long)values[0].Number;
                    break;
            }
        }
        return o;
    }

    /// <summary>The fields of one protobuf message by number (length-delimited as bytes, varints as numbers).</summary>
    private static Dictionary<int, List<Value>> Read(ReadOnlySpan<byte> data)
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
                    i += 8;
                    continue;
                case 5:
                    i += 4;
                    continue;
                case 2:
                    {
                        var length = (int)Varint(data, ref i);
                        if (length < 0 || i + length > data.Length) throw ApiException.BadRequest("protobuf body is truncated");
                        value = new Value(data.Slice(i, length).ToArray(), 0);
                        i += length;
                        break;
                    }
                default:
                    throw ApiException.BadRequest("protobuf body uses an unsupported wire type");
            }
            if (!result.TryGetValue(number, out var list)) result[number] = list = [];
            list.Add(value);
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
