using System.Globalization;
using System.Text;

namespace KubePosture.Runtime.Status;

/// <summary>
/// Condition messages bounded by construction: the API server refuses a condition message over 32 KiB (and with it
/// the whole status write), so a message built from input (validation errors of a user's spec) is cut, whole parts
/// first, and says how many parts it left out.
/// </summary>
public static class ConditionMessage
{
    /// <summary>The API server's limit on <c>conditions[].message</c> (metav1.Condition: maxLength 32768).</summary>
    public const int MaxLength = 32 * 1024;

    /// <summary>
    /// Joins <paramref name="parts"/> with <paramref name="separator"/> into at most <paramref name="maxLength"/>
    /// characters: the parts that fit, then "(and N more)"; a first part longer than the limit is cut with "...".
    /// </summary>
    public static string Join(IReadOnlyList<string> parts, string separator = "; ", int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            var left = parts.Count - i - 1;
            var suffix = left == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{separator}(and {left} more)");
            var room = maxLength - text.Length - (i == 0 ? 0 : separator.Length);
            var part = parts[i];
            if (part.Length + (left == 0 ? 0 : suffix.Length) <= room)
            {
                text.Append(i == 0 ? "" : separator).Append(part);
                continue;
            }

            var more = string.Create(CultureInfo.InvariantCulture, $"(and {parts.Count - i} more)");
            if (i == 0)
            {
                var cut = Math.Max(0, maxLength - 3 - separator.Length - more.Length);
                return left == 0 && maxLength >= 3 ? part[..(maxLength - 3)] + "..." : part[..cut] + "..." + separator + more;
            }

            return text.Append(separator).Append(more).ToString();
        }

        return text.ToString();
    }
}
