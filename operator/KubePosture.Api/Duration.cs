using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KubePosture.Api;

/// <summary>
/// Durations in the API: one or more integer-unit pairs with units s, m, h and d, such as <c>30m</c>, <c>6h</c>,
/// <c>7d</c> or <c>1h30m</c>. Days are 24 hours. <see cref="Pattern"/> is the CRD schema's pattern for them.
/// </summary>
public static class Duration
{
    /// <summary>ECMA 262 pattern enforced by the API server.</summary>
    public const string Pattern = "^([0-9]+(s|m|h|d))+$";

    /// <summary>Longest duration the API accepts (about ten years), so that arithmetic never overflows.</summary>
    public static readonly TimeSpan MaxValue = TimeSpan.FromDays(3660);

    /// <summary>Parses <paramref name="text"/>; false with a reason that says what is wrong and what is expected.</summary>
    public static bool TryParse(string? text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "expected a duration such as 30m, 6h or 7d";
            return false;
        }

        var total = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                i++;
            if (i == start)
            {
                error = $"expected a number at position {start + 1}; durations look like 30m, 6h, 7d or 1h30m";
                return false;
            }

            if (i == text.Length)
            {
                error = "missing unit after the last number; use s, m, h or d (for example 6h)";
                return false;
            }

            var unitSeconds = text[i] switch
            {
                's' => 1.0,
                'm' => 60.0,
                'h' => 3600.0,
                'd' => 86400.0,
                _ => 0.0,
            };
            if (unitSeconds == 0.0)
            {
                error = $"unknown unit '{text[i]}'; use s, m, h or d (for example 6h)";
                return false;
            }

            if (i - start > 9)
            {
                error = $"number too large; the longest duration is {(int)MaxValue.TotalDays}d";
                return false;
            }

            total += double.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture) * unitSeconds;
            i++;
        }

        if (total > MaxValue.TotalSeconds)
        {
            error = $"too long; the longest duration is {(int)MaxValue.TotalDays}d";
            return false;
        }

        value = TimeSpan.FromSeconds(total);
        error = null;
        return true;
    }

    /// <summary>Parses a duration already validated; throws <see cref="FormatException"/> naming the problem otherwise.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException($"duration \"{text}\": {error}");

    /// <summary>Formats a duration in the API's form, largest units first (<c>1d6h</c>, <c>30m</c>, <c>0s</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            return "0s";
        var seconds = (long)value.TotalSeconds;
        var parts = new System.Text.StringBuilder();
        foreach (var (unit, size) in new[] { ('d', 86400L), ('h', 3600L), ('m', 60L), ('s', 1L) })
        {
            var n = seconds / size;
            if (n > 0)
            {
                parts.Append(CultureInfo.InvariantCulture, $"{n}{unit}");
                seconds -= n * size;
            }
        }

        return parts.ToString();
    }
}
