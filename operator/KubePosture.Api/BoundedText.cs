using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KubePosture.Api;

/// <summary>
/// The one place that keeps text the operator writes to the API server within the server's limits: every condition
/// message (the CRDs' and apimachinery's 32 KiB), every Event message and every free-text status field. A text cut
/// here says so ("… and 118 more", "… (4,211 more characters)"), so nothing is dropped silently, and a write can never
/// fail (422) because of what a user put in a spec or an annotation.
/// </summary>
public static class BoundedText
{
    /// <summary>Longest condition message (the CRDs' maxLength, apimachinery's metav1.Condition limit).</summary>
    public const int MaxConditionMessage = 32 * 1024;

    /// <summary>Longest Event message the operator writes (kubectl shows one line; the details are in the condition).</summary>
    public const int MaxEventMessage = 1024;

    /// <summary>Longest short status field such as status.lastHandledRescan (the CRD's maxLength).</summary>
    public const int MaxStatusField = 1024;

    /// <summary>Longest single item inside a joined message, so one huge value cannot crowd out the others.</summary>
    public const int MaxItem = 2048;

    /// <summary><paramref name="text"/> cut to at most <paramref name="max"/> characters, saying how much was cut.</summary>
    public static string Bound(string? text, int max = MaxConditionMessage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 64);
        text ??= string.Empty;
        if (text.Length <= max)
            return text;
        var cut = max - 40;
        if (char.IsHighSurrogate(text[cut - 1]))
            cut--;
        return string.Concat(text.AsSpan(0, cut), string.Create(CultureInfo.InvariantCulture, $"… ({text.Length - cut:N0} more characters)"));
    }

    /// <summary>
    /// The items joined by <paramref name="separator"/>, each cut to <see cref="MaxItem"/>, as many as fit in
    /// <paramref name="max"/> characters, then "and N more".
    /// </summary>
    public static string Join(string separator, IEnumerable<string> items, int max = MaxConditionMessage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 64);
        var all = items as IReadOnlyList<string> ?? [.. items];
        var text = new StringBuilder();
        const int Reserve = 32; // room for "; and 123456 more"
        var itemMax = Math.Min(MaxItem, max - Reserve);
        for (var i = 0; i < all.Count; i++)
        {
            var item = Bound(all[i], Math.Max(64, itemMax));
            var needed = (text.Length == 0 ? 0 : separator.Length) + item.Length;
            if (text.Length + needed > max - Reserve)
            {
                text.Append(CultureInfo.InvariantCulture, $"{(text.Length == 0 ? "" : separator)}and {all.Count - i} more");
                return text.ToString();
            }

            if (text.Length > 0)
                text.Append(separator);
            text.Append(item);
        }

        return text.ToString();
    }

    /// <summary>
    /// A value kept for comparison in a bounded status field: itself when short enough, else a prefix and the SHA-256
    /// of the whole value, so equal values map to equal tokens and different ones (almost surely) do not.
    /// </summary>
    public static string? Token(string? value, int max = MaxStatusField)
    {
        if (value is null || value.Length <= max)
            return value;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        var prefix = max - hash.Length - 8;
        if (char.IsHighSurrogate(value[prefix - 1]))
            prefix--;
        return string.Concat(value.AsSpan(0, prefix), "…sha256:", hash);
    }
}
