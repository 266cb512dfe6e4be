using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubePosture.AwsEmulator.Fixture;

/// <summary>
/// Loads an account fixture from YAML into a JSON tree. Plain scalars that look like numbers or booleans become
/// JSON numbers and booleans (quote them to keep strings, e.g. version: "1.31"). Timestamps under keys ending in
/// At, Date, Time or DateTime (createdAt, LastModifiedDate, OperationStartTime...) become epoch seconds, the form
/// the JSON protocols send; the XML services turn them back into ISO-8601.
/// </summary>
public static partial class FixtureLoader
{
    public static JsonObject Load(string yamlOrPath)
    {
        var text = !yamlOrPath.Contains('\n', StringComparison.Ordinal) && File.Exists(yamlOrPath) ? File.ReadAllText(yamlOrPath) : yamlOrPath;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"fixture: YAML error at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
        if (stream.Documents.Count == 0 || Convert(stream.Documents[0].RootNode, "") is not JsonObject root)
            throw new InvalidDataException("fixture: expected a YAML mapping at the top (account, region, ecr, eks, ec2, ssm, iam, ecs)");
        return root;
    }

    private static JsonNode? Convert(YamlNode node, string key) => node switch
    {
        YamlMappingNode map => ConvertMap(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(c => Convert(c, key)).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar, key),
        _ => null,
    };

    private static JsonObject ConvertMap(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in map.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? "";
            obj[name] = Convert(v, name);
        }
        return obj;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar, string key)
    {
        var value = scalar.Value ?? "";
        var plain = scalar.Style == ScalarStyle.Plain;
        if (IsTimeKey(key) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && value.Contains('-', StringComparison.Ordinal))
            return JsonValue.Create(time.ToUnixTimeMilliseconds() / 1000.0);
        if (!plain) return JsonValue.Create(value);
        if (value is "" or "~" or "null") return null;
        if (value is "true") return JsonValue.Create(true);
        if (value is "false") return JsonValue.Create(false);
        if (IntegerPattern().IsMatch(value) && long.TryParse(value, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        if (FloatPattern().IsMatch(value) && double.TryParse(value, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        return JsonValue.Create(value);
    }

    public static bool IsTimeKey(string key) => key.EndsWith("At", StringComparison.Ordinal) || key.EndsWith("Date", StringComparison.Ordinal)
        || key.EndsWith("Time", StringComparison.Ordinal) || key.EndsWith("DateTime", StringComparison.Ordinal) || key is "creationTime" or "launchTime";

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex("^-?[0-9]+\\.[0-9]+$")]
    private static partial Regex FloatPattern();
}
