using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace KubePosture.Api.Tests;

/// <summary>
/// Checks a YAML object against a generated openAPIV3Schema the way the API server would reject or prune it:
/// unknown fields, types, enums, patterns, bounds, required fields. Enough to keep examples honest.
/// </summary>
internal static class SchemaConformance
{
    public static List<string> Check(YamlNode value, YamlMappingNode schema, string path = "")
    {
        var problems = new List<string>();
        Visit(value, schema, path, problems);
        return problems;
    }

    private static void Visit(YamlNode value, YamlMappingNode schema, string path, List<string> problems)
    {
        switch (schema.Scalar("type"))
        {
            case "object":
                if (value is not YamlMappingNode map)
                {
                    problems.Add($"{path}: expected an object");
                    return;
                }

                var properties = schema.Get("properties") as YamlMappingNode;
                var additional = schema.Get("additionalProperties") as YamlMappingNode;
                foreach (var (key, child) in map.Children)
                {
                    var name = ((YamlScalarNode)key).Value!;
                    if (properties?.Get(name) is YamlMappingNode childSchema)
                        Visit(child, childSchema, $"{path}.{name}", problems);
                    else if (additional is not null)
                        Visit(child, additional, $"{path}[{name}]", problems);
                    else if (properties is not null)
                        problems.Add($"{path}.{name}: unknown field (the API server would prune it)");
                }

                if (schema.Get("required") is YamlSequenceNode required)
                {
                    foreach (YamlScalarNode name in required)
                    {
                        if (map.Get(name.Value!) is null)
                            problems.Add($"{path}.{name.Value}: required");
                    }
                }

                break;
            case "array":
                if (value is not YamlSequenceNode list)
                {
                    problems.Add($"{path}: expected a list");
                    return;
                }

                if (schema.Scalar("maxItems") is { } maxItems && list.Children.Count > int.Parse(maxItems, CultureInfo.InvariantCulture))
                    problems.Add($"{path}: more than {maxItems} items");
                if (schema.Scalar("minItems") is { } minItems && list.Children.Count < int.Parse(minItems, CultureInfo.InvariantCulture))
                    problems.Add($"{path}: fewer than {minItems} items");
                for (var i = 0; i < list.Children.Count; i++)
                    Visit(list.Children[i], (YamlMappingNode)schema.Get("items")!, $"{path}[{i}]", problems);
                break;
            default:
                Scalar(value, schema, path, problems);
                break;
        }
    }

    private static void Scalar(YamlNode value, YamlMappingNode schema, string path, List<string> problems)
    {
        if (value is not YamlScalarNode scalar)
        {
            problems.Add($"{path}: expected a scalar");
            return;
        }

        var text = scalar.Value ?? "";
        var plain = scalar.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any;
        switch (schema.Scalar("type"))
        {
            case "string":
                if (plain && (text is "true" or "false" || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                    problems.Add($"{path}: {text} is not a string; quote it");
                if (schema.Scalar("pattern") is { } pattern && !Regex.IsMatch(text, pattern))
                    problems.Add($"{path}: \"{text}\" does not match {pattern}");
                if (schema.Scalar("maxLength") is { } maxLength && text.Length > int.Parse(maxLength, CultureInfo.InvariantCulture))
                    problems.Add($"{path}: longer than {maxLength}");
                if (schema.Scalar("format") == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    problems.Add($"{path}: \"{text}\" is not an RFC 3339 time");
                break;
            case "boolean":
                if (text is not ("true" or "false"))
                    problems.Add($"{path}: {text} is not a boolean");
                break;
            case "integer" or "number":
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    problems.Add($"{path}: {text} is not a number");
                    break;
                }

                if (schema.Scalar("minimum") is { } min && number < double.Parse(min, CultureInfo.InvariantCulture))
                    problems.Add($"{path}: below {min}");
                if (schema.Scalar("maximum") is { } max && number > double.Parse(max, CultureInfo.InvariantCulture))
                    problems.Add($"{path}: above {max}");
                break;
        }

        if (schema.Get("enum") is YamlSequenceNode values && !values.Children.Cast<YamlScalarNode>().Any(v => v.Value == text))
            problems.Add($"{path}: \"{text}\" is not one of the allowed values");
    }
}
