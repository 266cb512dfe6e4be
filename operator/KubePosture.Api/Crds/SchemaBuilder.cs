using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using KubePosture.Api.Schema;

namespace KubePosture.Api.Crds;

/// <summary>
/// Builds a structural OpenAPI v3 schema (apiextensions.k8s.io/v1) from C# types: JSON names from
/// <see cref="JsonPropertyNameAttribute"/>, constraints from the attributes in <see cref="Schema"/>. Keys are
/// sorted ordinally, as controller-gen does; <c>nullable</c> is never emitted (absent means unset).
/// </summary>
internal static class SchemaBuilder
{
    public static YamlMap ForRoot(Type resource)
    {
        var properties = new YamlMap
        {
            { "apiVersion", Scalar("string", "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.") },
            { "kind", Scalar("string", "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. In CamelCase.") },
            { "metadata", new YamlMap { { "type", "object" } } },
        };
        var required = new List<object>();
        foreach (var property in JsonProperties(resource))
        {
            var name = JsonName(property);
            if (name is "apiVersion" or "kind" or "metadata")
                continue;
            properties.Add(name, ForProperty(property));
            if (property.IsDefined(typeof(RequiredAttribute)))
                required.Add(name);
        }

        required.Sort((a, b) => string.CompareOrdinal((string)a, (string)b));
        var root = new YamlMap { { "type", "object" }, { "properties", properties.Sorted() } };
        AddDescription(root, resource.GetCustomAttribute<DescriptionAttribute>()?.Text);
        if (required.Count > 0)
            root.Add("required", required);
        return root.Sorted();
    }

    private static YamlMap ForProperty(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        YamlMap schema;
        if (ElementType(type) is { } element)
        {
            schema = new YamlMap { { "type", "array" }, { "items", ApplyValueConstraints(ForType(element), property) } };
            AddInt(schema, "maxItems", property.GetCustomAttribute<MaxItemsAttribute>()?.Value);
            AddInt(schema, "minItems", property.GetCustomAttribute<MinItemsAttribute>()?.Value);
            if (property.GetCustomAttribute<ListMapKeysAttribute>() is { } mapKeys)
            {
                schema.Add("x-kubernetes-list-type", "map");
                schema.Add("x-kubernetes-list-map-keys", mapKeys.Keys.Cast<object>().ToList());
            }
            else if (property.IsDefined(typeof(ListSetAttribute)))
            {
                schema.Add("x-kubernetes-list-type", "set");
            }
        }
        else if (MapValueType(type) is { } value)
        {
            schema = new YamlMap { { "type", "object" }, { "additionalProperties", ApplyValueConstraints(ForType(value), property) } };
            AddInt(schema, "maxProperties", property.GetCustomAttribute<MaxPropertiesAttribute>()?.Value);
        }
        else
        {
            schema = ApplyValueConstraints(ForType(type), property);
        }

        if (property.GetCustomAttribute<DescriptionAttribute>()?.Text is { Length: > 0 } description)
            schema.Set("description", description);
        if (property.GetCustomAttribute<DefaultAttribute>() is { } defaultValue)
            schema.Add("default", defaultValue.EmptyObject ? new YamlMap() : defaultValue.Value!);
        return schema.Sorted();
    }

    /// <summary>Scalar constraints; for lists and maps they constrain each item or value.</summary>
    private static YamlMap ApplyValueConstraints(YamlMap schema, PropertyInfo property)
    {
        if (property.GetCustomAttribute<EnumAttribute>() is { } values)
            schema.Add("enum", values.Values.Cast<object>().ToList());
        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
            schema.Add("pattern", pattern.Regex);
        if (property.GetCustomAttribute<FormatAttribute>() is { } format && !schema.ContainsKey("format"))
            schema.Add("format", format.Format);
        AddInt(schema, "minLength", property.GetCustomAttribute<MinLengthAttribute>()?.Value);
        AddInt(schema, "maxLength", property.GetCustomAttribute<MaxLengthAttribute>()?.Value);
        if (property.GetCustomAttribute<MinimumAttribute>() is { } minimum)
            schema.Add("minimum", Number(minimum.Value));
        if (property.GetCustomAttribute<MaximumAttribute>() is { } maximum)
            schema.Add("maximum", Number(maximum.Value));
        return schema.Sorted();
    }

    private static YamlMap ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
            return new YamlMap { { "type", "string" } };
        if (type == typeof(bool))
            return new YamlMap { { "type", "boolean" } };
        if (type == typeof(int))
            return new YamlMap { { "format", "int32" }, { "type", "integer" } };
        if (type == typeof(long))
            return new YamlMap { { "format", "int64" }, { "type", "integer" } };
        if (type == typeof(double))
            return new YamlMap { { "type", "number" } };
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
            return new YamlMap { { "format", "date-time" }, { "type", "string" } };
        if (type == typeof(V1Condition))
            return ConditionSchema();
        if (ElementType(type) is not null || MapValueType(type) is not null)
            throw new NotSupportedException($"{type}: nested collections need a property to carry their constraints; wrap them in a class");
        if (!type.IsClass || type.IsAbstract)
            throw new NotSupportedException($"{type}: no CRD schema mapping; use string, bool, int, long, double, DateTime, a list, a string-keyed dictionary or a class");

        var properties = new YamlMap();
        var required = new List<object>();
        foreach (var property in JsonProperties(type))
        {
            var name = JsonName(property);
            properties.Add(name, ForProperty(property));
            if (property.IsDefined(typeof(RequiredAttribute)))
                required.Add(name);
        }

        var schema = new YamlMap { { "type", "object" }, { "properties", properties.Sorted() } };
        AddDescription(schema, type.GetCustomAttribute<DescriptionAttribute>()?.Text);
        if (required.Count > 0)
            schema.Add("required", required.OrderBy(r => (string)r, StringComparer.Ordinal).ToList());
        return schema;
    }

    /// <summary>The schema of metav1.Condition, as Kubernetes publishes it.</summary>
    private static YamlMap ConditionSchema() => new YamlMap
    {
        { "description", "Condition contains details for one aspect of the current state of this API Resource." },
        { "type", "object" },
        {
            "properties", new YamlMap
            {
                { "lastTransitionTime", new YamlMap { { "description", "When the condition last changed from one status to another." }, { "format", "date-time" }, { "type", "string" } } },
                { "message", new YamlMap { { "description", "Human readable details of the transition." }, { "maxLength", 32768 }, { "type", "string" } } },
                { "observedGeneration", new YamlMap { { "description", "The metadata.generation the condition was set for." }, { "format", "int64" }, { "minimum", 0 }, { "type", "integer" } } },
                { "reason", new YamlMap { { "description", "CamelCase reason for the last transition." }, { "maxLength", 1024 }, { "minLength", 1 }, { "pattern", "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$" }, { "type", "string" } } },
                { "status", new YamlMap { { "description", "Status of the condition." }, { "enum", new List<object> { "True", "False", "Unknown" } }, { "type", "string" } } },
                { "type", new YamlMap { { "description", "Type of the condition in CamelCase." }, { "maxLength", 316 }, { "pattern", "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$" }, { "type", "string" } } },
            }
        },
        { "required", new List<object> { "lastTransitionTime", "message", "reason", "status", "type" } },
    }.Sorted();

    private static IEnumerable<PropertyInfo> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null && !p.IsDefined(typeof(JsonIgnoreAttribute)))
            .OrderBy(p => JsonName(p), StringComparer.Ordinal);

    private static string JsonName(PropertyInfo property) => property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name;

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
            return type.GetElementType();
        if (!type.IsGenericType || type == typeof(string))
            return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static Type? MapValueType(Type type)
    {
        if (!type.IsGenericType)
            return null;
        var definition = type.GetGenericTypeDefinition();
        if (definition != typeof(Dictionary<,>) && definition != typeof(IDictionary<,>) && definition != typeof(IReadOnlyDictionary<,>))
            return null;
        var args = type.GetGenericArguments();
        return args[0] == typeof(string)
            ? args[1]
            : throw new NotSupportedException($"{type}: map keys must be strings in a CRD schema");
    }

    private static YamlMap Scalar(string type, string description) => new() { { "description", description }, { "type", type } };

    private static void AddDescription(YamlMap schema, string? description)
    {
        if (!string.IsNullOrWhiteSpace(description) && !schema.ContainsKey("description"))
            schema.Add("description", description);
    }

    private static void AddInt(YamlMap schema, string key, int? value)
    {
        if (value is { } v)
            schema.Add(key, v);
    }

    private static object Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < long.MaxValue ? (long)value : value;
}
