using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KubePosture.Api.Crds;

/// <summary>
/// Writes a <see cref="YamlMap"/> as block-style YAML with two-space indentation, list items at their key's
/// indentation (kubectl's style). Strings are plain when that is unambiguous and JSON-quoted otherwise, so a
/// value such as "True", "6h" or "arn:aws:..." always reads back as the same string.
/// </summary>
internal static class YamlWriter
{
    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
    };

    public static string Write(YamlMap document)
    {
        var text = new StringBuilder();
        WriteMap(text, document, 0);
        return text.ToString();
    }

    private static void WriteMap(StringBuilder text, YamlMap map, int indent)
    {
        foreach (var (key, value) in map)
        {
            text.Append(' ', indent).Append(Scalar(key)).Append(':');
            WriteValue(text, value, indent);
        }
    }

    private static void WriteValue(StringBuilder text, object value, int indent)
    {
        switch (value)
        {
            case YamlMap { Count: 0 }:
                text.Append(" {}\n");
                break;
            case YamlMap nested:
                text.Append('\n');
                WriteMap(text, nested, indent + 2);
                break;
            case IReadOnlyList<object> { Count: 0 }:
                text.Append(" []\n");
                break;
            case IReadOnlyList<object> list:
                text.Append('\n');
                WriteList(text, list, indent);
                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteList(StringBuilder text, IReadOnlyList<object> list, int indent)
    {
        foreach (var item in list)
        {
            if (item is YamlMap { Count: > 0 } map)
            {
                var itemText = new StringBuilder();
                WriteMap(itemText, map, indent + 2);
                itemText.Remove(0, indent + 2).Insert(0, new string(' ', indent) + "- ");
                text.Append(itemText);
            }
            else if (item is YamlMap or IReadOnlyList<object>)
            {
                text.Append(' ', indent).Append('-');
                WriteValue(text, item, indent + 2);
            }
            else
            {
                text.Append(' ', indent).Append("- ").Append(Scalar(item)).Append('\n');
            }
        }
    }

    internal static string Scalar(object value) => value switch
    {
        string s => IsPlainSafe(s) ? s : JsonSerializer.Serialize(s, QuoteOptions),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"unsupported YAML scalar {value.GetType().Name}", nameof(value)),
    };

    /// <summary>Plain scalars: start with a letter, then letters, digits, space and a few punctuation marks that carry no YAML meaning.</summary>
    private static bool IsPlainSafe(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0]) || s[^1] == ' ' || Reserved.Contains(s))
            return false;
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '/' or '-' or '(' or ')' or ',' or ';' or '+' or '='))
                return false;
        }

        return true;
    }
}
