using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Protobuf;
using KubePosture.KubeEmulator.Types;

namespace KubePosture.KubeEmulator.Discovery;

/// <summary>
/// OpenAPI schemas of the built-in kinds, derived from the vendored protobuf schema (<see cref="ProtoSchema"/>):
/// one schema per message the kind reaches, named as kube-apiserver names them (io.k8s.api.apps.v1.Deployment),
/// fields typed from their protobuf types, embedded Go structs inlined, the apimachinery types with their JSON forms,
/// and the kind's schema carrying apiVersion, kind and x-kubernetes-group-version-kind. No descriptions and no
/// patch-strategy extensions: kubectl computes strategic merge patches from its compiled-in types (the PATCH
/// operations do not offer application/strategic-merge-patch+json), as it does without OpenAPI.
/// </summary>
internal static class BuiltinSchemas
{
    private const string Meta = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private const string Extensions = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.";

    private static readonly ConcurrentDictionary<(string Group, string Version, bool V3), JsonObject> Cache = new();

    /// <summary>
    /// Name → schema for the built-in kinds of one group/version (all groups when <paramref name="group"/> is null)
    /// and everything they reference; references point into <c>#/components/schemas/</c> (v3) or <c>#/definitions/</c> (v2).
    /// A fresh copy the caller may attach to its document.
    /// </summary>
    public static JsonObject For(TypeRegistry types, string? group, string? version, bool v3)
    {
        var cached = Cache.GetOrAdd((group ?? "*", version ?? "*", v3), _ => Build(types.All.Where(t => !t.IsCustom && (group is null || (t.Group == group && t.Version == version))), v3));
        return cached.DeepClone().AsObject();
    }

    private static JsonObject Build(IEnumerable<ResourceType> kinds, bool v3)
    {
        var schema = ProtoSchema.Builtin;
        var refPrefix = v3 ? "#/components/schemas/" : "#/definitions/";
        var result = new JsonObject();
        var pending = new Queue<string>();
        var kindOf = new Dictionary<string, ResourceType>(StringComparer.Ordinal);
        foreach (var t in kinds)
        {
            if (schema.FindKind(t.ApiVersion, t.Kind) is not { } message) continue;
            kindOf[message.FullName] = t;
            pending.Enqueue(message.FullName);
        }
        while (pending.TryDequeue(out var name))
        {
            if (result.ContainsKey(Name(name))) continue;
            var message = schema.Find(name) ?? throw new InvalidOperationException($"vendored proto schema lacks {name}");
            var s = Special(name, message, v3) ?? Object(message, schema, refPrefix, pending);
            if (kindOf.TryGetValue(name, out var t))
            {
                var props = (JsonObject)s["properties"]!;
                props.Insert(0, "apiVersion", new JsonObject { ["type"] = "string" });
                props.Insert(1, "kind", new JsonObject { ["type"] = "string" });
                s["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version });
            }
            result[Name(name)] = s;
        }
        return result;
    }

    /// <summary>"k8s.io.api.apps.v1.Deployment" → "io.k8s.api.apps.v1.Deployment" (and k8s.io.apiextensions_apiserver → io.k8s.apiextensions-apiserver).</summary>
    public static string Name(string protoName) =>
        protoName.StartsWith("k8s.io.", StringComparison.Ordinal) ? "io.k8s." + protoName[7..].Replace("_apiserver.", "-apiserver.", StringComparison.Ordinal) : protoName;

    private static JsonObject? Special(string name, ProtoMessage message, bool v3) => name switch
    {
        Meta + "Time" or Meta + "MicroTime" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        Meta + "Duration" => new JsonObject { ["type"] = "string" },
        Meta + "FieldsV1" or "k8s.io.apimachinery.pkg.runtime.RawExtension" => new JsonObject { ["type"] = "object" },
        // Any JSON value, or a schema or something else (kube-apiserver publishes them without a type too).
        Extensions + "JSON" or Extensions + "JSONSchemaPropsOrArray" or Extensions + "JSONSchemaPropsOrBool" or Extensions + "JSONSchemaPropsOrStringArray" => [],
        "k8s.io.apimachinery.pkg.api.resource.Quantity" => v3
            ? new JsonObject { ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "number" }) }
            : new JsonObject { ["type"] = "string" },
        "k8s.io.apimachinery.pkg.util.intstr.IntOrString" => v3
            ? new JsonObject { ["format"] = "int-or-string", ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }) }
            : new JsonObject { ["type"] = "string", ["format"] = "int-or-string" },
        _ when message.NullableList => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
        _ => null,
    };

    private static JsonObject Object(ProtoMessage message, ProtoSchema schema, string refPrefix, Queue<string> pending)
    {
        var properties = new JsonObject();
        AddProperties(properties, message, schema, refPrefix, pending);
        return new JsonObject { ["type"] = "object", ["properties"] = properties };
    }

    private static void AddProperties(JsonObject properties, ProtoMessage message, ProtoSchema schema, string refPrefix, Queue<string> pending)
    {
        foreach (var field in message.Fields.Values.OrderBy(f => f.Number))
        {
            if (field.Inline)
            {
                AddProperties(properties, schema.Find(field.MessageType!)!, schema, refPrefix, pending);
                continue;
            }
            var value = ValueSchema(field, refPrefix, pending);
            properties[field.JsonName] = field.IsMap ? new JsonObject { ["type"] = "object", ["additionalProperties"] = value }
                : field.Repeated ? new JsonObject { ["type"] = "array", ["items"] = value }
                : value;
        }
    }

    private static JsonObject ValueSchema(ProtoField field, string refPrefix, Queue<string> pending)
    {
        if (field.Scalar == ProtoScalar.None)
        {
            pending.Enqueue(field.MessageType!);
            return new JsonObject { ["$ref"] = refPrefix + Name(field.MessageType!) };
        }
        return field.Scalar switch
        {
            ProtoScalar.String => new JsonObject { ["type"] = "string" },
            ProtoScalar.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
            ProtoScalar.Bool => new JsonObject { ["type"] = "boolean" },
            ProtoScalar.Int32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
            ProtoScalar.Int64 => new JsonObject { ["type"] = "integer", ["format"] = "int64" },
            _ => new JsonObject { ["type"] = "number", ["format"] = "double" },
        };
    }
}
