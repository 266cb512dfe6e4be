using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubePosture.KubeEmulator.Seeding;

/// <summary>
/// YAML documents to JSON trees with the scalar resolution Kubernetes uses (sigs.k8s.io/yaml, YAML 1.1): plain
/// true/false/yes/no/on/off are booleans, plain numbers are numbers, ~ and null are null, quoted scalars are strings.
/// </summary>
internal static partial class YamlJson
{
    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Decimal();

    [GeneratedRegex("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    private static readonly HashSet<string> Trues = new(StringComparer.Ordinal) { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y" };
    private static readonly HashSet<string> Falses = new(StringComparer.Ordinal) { "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N" };

    /// <summary>Every non-empty document of a (multi-document) YAML or JSON text.</summary>
    public static List<JsonNode> ParseAll(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(text) is { } json ? [json] : [];
            }
            catch (System.Text.Json.JsonException)
            {
                // Not a single JSON document (perhaps JSON documents in a YAML stream): parse as YAML.
            }
        }
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var result = new List<JsonNode>();
        foreach (var doc in stream.Documents)
        {
            var node = Convert(doc.RootNode);
            // Round-trip so every value is backed by a JSON element (uniform GetValue behaviour downstream).
            if (node is not null) result.Add(JsonNode.Parse(node.ToJsonString())!);
        }
        return result;
    }

    public static JsonNode? ParseSingle(string text)
    {
        var all = ParseAll(text);
        return all.Count switch
        {
            0 => null,
            1 => all[0],
            _ => throw new YamlException("expected one YAML document, found " + all.Count),
        };
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                {
                    var o = new JsonObject();
                    foreach (var (k, v) in map.Children)
                    {
                        var key = k is YamlScalarNode ks ? ks.Value ?? "" : k.ToString();
                        if (key == "<<" && v is YamlMappingNode merge)
                        {
                            foreach (var (mk, mv) in merge.Children) o[((YamlScalarNode)mk).Value ?? ""] ??= Convert(mv);
                            continue;
                        }
                        o[key] = Convert(v);
                    }
                    return o;
                }
            case YamlSequenceNode seq:
                return new JsonArray(seq.Children.Select(Convert).ToArray());
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        var tag = s.Tag.IsEmpty ? "" : s.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" or "!!str") return JsonValue.Create(v);
        if (s.Style != ScalarStyle.Plain && tag.Length == 0) return JsonValue.Create(v);
        if (v is "" or "~" or "null" or "Null" or "NULL") return null;
        if (Trues.Contains(v)) return JsonValue.Create(true);
        if (Falses.Contains(v)) return JsonValue.Create(false);
        if (Decimal().IsMatch(v))
        {
            var digits = v.TrimStart('+', '-');
            if (digits.Length > 1 && digits[0] == '0' && digits.All(c => c is >= '0' and <= '7'))
            {
                var octal = System.Convert.ToInt64(digits, 8);
                return JsonValue.Create(v.StartsWith('-') ? -octal : octal);
            }
            if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
        }
        if (v.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(v[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }
        if (Float().IsMatch(v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        return JsonValue.Create(v);
    }
}
