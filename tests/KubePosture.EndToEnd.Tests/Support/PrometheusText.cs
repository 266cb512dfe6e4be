using System.Globalization;
using System.Text;

namespace KubePosture.EndToEnd.Tests.Support;

/// <summary>One sample of the Prometheus text exposition format.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public override string ToString() =>
        $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A parsed scrape: samples plus the declared TYPE of each metric family.</summary>
internal sealed record Metrics(IReadOnlyList<Sample> Samples, IReadOnlyDictionary<string, string> Types)
{
    public IEnumerable<Sample> Named(string name) => Samples.Where(s => s.Name == name);

    /// <summary>Samples of <paramref name="name"/> whose labels include every given pair.</summary>
    public IEnumerable<Sample> Where(string name, params (string Label, string Value)[] labels) =>
        Named(name).Where(s => labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    /// <summary>Sum over the matching samples (0 when there are none, as PromQL's missing series).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Where(name, labels).Sum(s => s.Value);

    public override string ToString() => string.Join("\n", Samples);
}

/// <summary>
/// Parser of the Prometheus text format 0.0.4 (HELP/TYPE comments, samples with escaped label values, optional
/// timestamps, NaN/+Inf). Malformed lines throw naming the line, so a broken exporter fails the test.
/// </summary>
internal static class PrometheusText
{
    public static Metrics Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
                continue;
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 4 && parts[1] == "TYPE")
                {
                    if (parts[3] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                        throw new FormatException($"line {lineNumber}: unknown metric type \"{parts[3]}\": {line}");
                    types[parts[2]] = parts[3];
                }

                continue;
            }

            samples.Add(ParseSample(line, lineNumber));
        }

        return new Metrics(samples, types);
    }

    private static Sample ParseSample(string line, int lineNumber)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
            i++;
        if (i == 0 || char.IsAsciiDigit(line[0]))
            throw new FormatException($"line {lineNumber}: no metric name: {line}");
        var name = line[..i];
        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                while (i < line.Length && line[i] is ' ' or ',')
                    i++;
                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_'))
                    i++;
                var label = line[start..i];
                if (label.Length == 0 || i + 1 >= line.Length || line[i] != '=' || line[i + 1] != '"')
                    throw new FormatException($"line {lineNumber}: malformed label at column {i}: {line}");
                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                        throw new FormatException($"line {lineNumber}: unterminated label value: {line}");
                    var c = line[i++];
                    if (c == '"')
                        break;
                    if (c == '\\' && i < line.Length)
                    {
                        var e = line[i++];
                        value.Append(e switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"line {lineNumber}: bad escape \\{e}: {line}") });
                        continue;
                    }

                    value.Append(c);
                }

                if (!labels.TryAdd(label, value.ToString()))
                    throw new FormatException($"line {lineNumber}: label {label} repeated: {line}");
            }
        }

        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is < 1 or > 2)
            throw new FormatException($"line {lineNumber}: expected a value and an optional timestamp: {line}");
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            var v => throw new FormatException($"line {lineNumber}: value \"{v}\" is not a number: {line}"),
        };
        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            throw new FormatException($"line {lineNumber}: timestamp \"{rest[1]}\" is not an integer: {line}");
        return new Sample(name, labels, number);
    }
}
