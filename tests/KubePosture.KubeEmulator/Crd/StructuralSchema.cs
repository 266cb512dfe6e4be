using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubePosture.KubeEmulator.Http;

namespace KubePosture.KubeEmulator.Crd;

/// <summary>
/// Pruning, defaulting and validation of custom resources against a CRD's structural openAPIV3Schema, with
/// kube-apiserver's error texts. Supported: type, properties, additionalProperties, items, required, enum,
/// minimum/maximum (+exclusive), minLength/maxLength, pattern, minItems/maxItems, minProperties/maxProperties,
/// format date-time/date/int32/int64, nullable, default, x-kubernetes-preserve-unknown-fields,
/// x-kubernetes-int-or-string, x-kubernetes-embedded-resource, allOf/anyOf/oneOf/not.
/// x-kubernetes-validations (CEL) is accepted and not evaluated.
/// </summary>
internal static class StructuralSchema
{
    private static readonly HashSet<string> ObjectMetaFields = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    };

    /// <summary>Removes fields the schema does not declare; returns their paths (for fieldValidation Warn/Strict).</summary>
    public static List<string> Prune(JsonObject obj, JsonObject? schema)
    {
        var unknown = new List<string>();
        if (schema is null) return unknown;
        PruneRoot(obj, schema, "", unknown);
        return unknown;
    }

    private static void PruneRoot(JsonObject obj, JsonObject schema, string prefix, List<string> unknown)
    {
        if (obj["metadata"] is JsonObject meta)
        {
            foreach (var key in meta.Select(kv => kv.Key).ToList())
            {
                if (!ObjectMetaFields.Contains(key))
                {
                    meta.Remove(key);
                    unknown.Add(Join(Join(prefix, "metadata"), key));
                }
            }
        }
        var props = schema["properties"] as JsonObject;
        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValueKind() == JsonValueKind.True;
        foreach (var key in obj.Select(kv => kv.Key).ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata") continue;
            if (props?[key] is JsonObject propSchema) PruneNode(obj[key], propSchema, Join(prefix, key), unknown);
            else if (!preserve)
            {
                obj.Remove(key);
                unknown.Add(Join(prefix, key));
            }
        }
    }

    private static void PruneNode(JsonNode? node, JsonObject schema, string path, List<string> unknown)
    {
        if (schema["x-kubernetes-embedded-resource"]?.GetValueKind() == JsonValueKind.True && node is JsonObject embedded)
        {
            PruneRoot(embedded, schema, path, unknown);
            return;
        }
        switch (node)
        {
            case JsonObject o:
                {
                    var props = schema["properties"] as JsonObject;
                    var additional = schema["additionalProperties"];
                    var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValueKind() == JsonValueKind.True;
                    foreach (var key in o.Select(kv => kv.Key).ToList())
                    {
                        if (props?[key] is JsonObject ps) PruneNode(o[key], ps, Join(path, key), unknown);
                        else if (additional is JsonObject adds) PruneNode(o[key], adds, Join(path, key), unknown);
                        else if (additional?.GetValueKind() == JsonValueKind.True || preserve) continue;
                        else if (props is null && additional is null && schema["type"] is null) continue;
                        else
                        {
                            o.Remove(key);
                            unknown.Add(Join(path, key));
                        }
                    }
                    break;
                }
            case JsonArray a when schema["items"] is JsonObject itemSchema:
                for (var i = 0; i < a.Count; i++) PruneNode(a[i], itemSchema, $"{path}[{i}]", unknown);
                break;
        }
    }

    /// <summary>Applies schema defaults to missing fields (and to nulls of non-nullable fields), recursively.</summary>
    public static void Default(JsonNode? node, JsonObject? schema)
    {
        if (schema is null) return;
        switch (node)
        {
            case JsonObject o:
                if (schema["properties"] is JsonObject props)
                {
                    foreach (var (key, ps) in props)
                    {
                        if (ps is not JsonObject propSchema) continue;
                        var nullable = propSchema["nullable"]?.GetValueKind() == JsonValueKind.True;
                        if (o.TryGetPropertyValue(key, out var v) && v is null && !nullable) o.Remove(key);
                        if (!o.ContainsKey(key) && propSchema["default"] is { } def) o[key] = def.DeepClone();
                        if (o[key] is { } child) Default(child, propSchema);
                    }
                }
                if (schema["additionalProperties"] is JsonObject addSchema)
                {
                    foreach (var kv in o.ToList()) Default(kv.Value, addSchema);
                }
                break;
            case JsonArray a when schema["items"] is JsonObject itemSchema:
                foreach (var item in a) Default(item, itemSchema);
                break;
        }
    }

    /// <summary>Validates the object (all but apiVersion/kind/metadata) and appends kube-apiserver-style field errors.</summary>
    public static void Validate(JsonObject obj, JsonObject? schema, List<FieldError> errors)
    {
        if (schema is null) return;
        var props = schema["properties"] as JsonObject;
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" or "metadata") continue;
            if (props?[key] is JsonObject ps) ValidateNode(value, ps, key, errors);
        }
        if (schema["required"] is JsonArray required)
        {
            foreach (var r in required)
            {
                var name = r!.GetValue<string>();
                if (name is "apiVersion" or "kind" or "metadata") continue;
                if (obj[name] is null) errors.Add(FieldError.Required(name));
            }
        }
    }

    private static void ValidateNode(JsonNode? node, JsonObject schema, string path, List<FieldError> errors)
    {
        var type = schema["type"]?.GetValue<string>();
        var intOrString = schema["x-kubernetes-int-or-string"]?.GetValueKind() == JsonValueKind.True;
        if (node is null)
        {
            if (schema["nullable"]?.GetValueKind() == JsonValueKind.True || type is null) return;
            errors.Add(FieldError.InvalidValue(path, "\"null\"", $"{path} in body must be of type {type}: \"null\""));
            return;
        }
        var kind = node.GetValueKind();
        var actual = kind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(node) ? "integer" : "number",
            _ => "null",
        };
        if (intOrString)
        {
            if (actual is not ("integer" or "string"))
            {
                errors.Add(FieldError.InvalidValue(path, Quote(actual), $"{path} in body must be of type integer,string: {Quote(actual)}"));
                return;
            }
        }
        else if (type is not null && type != actual && !(type == "number" && actual == "integer"))
        {
            errors.Add(FieldError.InvalidValue(path, Quote(actual), $"{path} in body must be of type {type}: {Quote(actual)}"));
            return;
        }

        if (schema["enum"] is JsonArray enumValues && !enumValues.Any(e => JsonNode.DeepEquals(e, node)))
        {
            errors.Add(FieldError.NotSupported(path, Render(node), enumValues.Select(Render)));
        }

        switch (actual)
        {
            case "string":
                ValidateString(node.GetValue<string>(), schema, path, errors);
                break;
            case "integer" or "number":
                ValidateNumber(Num(node), node, schema, path, errors);
                break;
            case "array":
                {
                    var a = node.AsArray();
                    if (Int(schema["maxItems"]) is { } maxItems && a.Count > maxItems) errors.Add(FieldError.TooMany(path, a.Count, maxItems));
                    if (Int(schema["minItems"]) is { } minItems && a.Count < minItems)
                    {
                        errors.Add(FieldError.InvalidValue(path, a.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minItems} items"));
                    }
                    if (schema["items"] is JsonObject itemSchema)
                    {
                        for (var i = 0; i < a.Count; i++) ValidateNode(a[i], itemSchema, $"{path}[{i}]", errors);
                    }
                    break;
                }
            case "object":
                {
                    var o = node.AsObject();
                    var props = schema["properties"] as JsonObject;
                    foreach (var (key, value) in o)
                    {
                        if (props?[key] is JsonObject ps) ValidateNode(value, ps, path + "." + key, errors);
                        else if (schema["additionalProperties"] is JsonObject adds) ValidateNode(value, adds, path + "." + key, errors);
                    }
                    if (schema["required"] is JsonArray required)
                    {
                        foreach (var r in required)
                        {
                            var name = r!.GetValue<string>();
                            if (!o.ContainsKey(name)) errors.Add(FieldError.Required(path + "." + name));
                        }
                    }
                    if (Int(schema["maxProperties"]) is { } maxP && o.Count > maxP) errors.Add(FieldError.TooMany(path, o.Count, maxP));
                    if (Int(schema["minProperties"]) is { } minP && o.Count < minP)
                    {
                        errors.Add(FieldError.InvalidValue(path, o.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minP} properties"));
                    }
                    break;
                }
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var s in allOf.OfType<JsonObject>()) ValidateNode(node, s, path, errors);
        }
        if (schema["anyOf"] is JsonArray anyOf && anyOf.Count > 0 && !anyOf.OfType<JsonObject>().Any(s => Passes(node, s, path)))
        {
            errors.Add(FieldError.InvalidValue(path, Render(node), $"{path} in body must be of one of the anyOf schemas"));
        }
        if (schema["oneOf"] is JsonArray oneOf && oneOf.Count > 0 && oneOf.OfType<JsonObject>().Count(s => Passes(node, s, path)) != 1)
        {
            errors.Add(FieldError.InvalidValue(path, Render(node), $"{path} in body must validate one and only one schema (oneOf)"));
        }
        if (schema["not"] is JsonObject not && Passes(node, not, path))
        {
            errors.Add(FieldError.InvalidValue(path, Render(node), $"{path} in body should not be valid against the \"not\" schema"));
        }
    }

    private static bool Passes(JsonNode node, JsonObject schema, string path)
    {
        var errors = new List<FieldError>();
        ValidateNode(node, schema, path, errors);
        return errors.Count == 0;
    }

    private static void ValidateString(string s, JsonObject schema, string path, List<FieldError> errors)
    {
        if (Int(schema["maxLength"]) is { } max && s.Length > max) errors.Add(FieldError.TooLong(path, max));
        if (Int(schema["minLength"]) is { } min && s.Length < min)
        {
            errors.Add(FieldError.InvalidValue(path, Quote(s), $"{path} in body should be at least {min} chars long"));
        }
        if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(s, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add(FieldError.InvalidValue(path, Quote(s), $"{path} in body should match '{pattern}'"));
        }
        var format = schema["format"]?.GetValue<string>();
        var valid = format switch
        {
            "date-time" => DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) && s.Contains('T', StringComparison.OrdinalIgnoreCase),
            "date" => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            _ => true,
        };
        if (!valid) errors.Add(FieldError.InvalidValue(path, Quote(s), $"{path} in body must be of type {format}: {Quote(s)}"));
    }

    private static void ValidateNumber(double v, JsonNode node, JsonObject schema, string path, List<FieldError> errors)
    {
        var rendered = node.ToJsonString();
        if (schema["maximum"] is { } maxNode)
        {
            var max = Num(maxNode);
            var exclusive = schema["exclusiveMaximum"]?.GetValueKind() == JsonValueKind.True;
            if (exclusive ? v >= max : v > max)
            {
                errors.Add(FieldError.InvalidValue(path, rendered, $"{path} in body should be less than {(exclusive ? "" : "or equal to ")}{maxNode.ToJsonString()}"));
            }
        }
        if (schema["minimum"] is { } minNode)
        {
            var min = Num(minNode);
            var exclusive = schema["exclusiveMinimum"]?.GetValueKind() == JsonValueKind.True;
            if (exclusive ? v <= min : v < min)
            {
                errors.Add(FieldError.InvalidValue(path, rendered, $"{path} in body should be greater than {(exclusive ? "" : "or equal to ")}{minNode.ToJsonString()}"));
            }
        }
        if (schema["multipleOf"] is { } multipleNode && Num(multipleNode) is var m && m > 0 && Math.Abs(Math.IEEERemainder(v, m)) > 1e-9)
        {
            errors.Add(FieldError.InvalidValue(path, rendered, $"{path} in body should be a multiple of {multipleNode.ToJsonString()}"));
        }
        if (schema["format"]?.GetValue<string>() == "int32" && (v > int.MaxValue || v < int.MinValue))
        {
            errors.Add(FieldError.InvalidValue(path, rendered, $"{path} in body must be of type int32: {Quote(rendered)}"));
        }
    }

    private static bool IsInteger(JsonNode node)
    {
        var text = node.ToJsonString();
        return !text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase);
    }

    private static int? Int(JsonNode? node) => node is null ? null : (int)Num(node);

    private static double Num(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Quote(string s) => JsonSerializer.Serialize(s);

    private static string Render(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;
}
