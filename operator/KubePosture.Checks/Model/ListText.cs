namespace KubePosture.Checks.Model;

/// <summary>Lists in finding messages and control reasons, cut so one long list cannot crowd out the rest.</summary>
public static class ListText
{
    /// <summary>The first <paramref name="shown"/> items joined by ", ", then "and N more": "a, b, c and 4 more".</summary>
    public static string FirstFew(IReadOnlyList<string> items, int shown) =>
        items.Count <= shown ? string.Join(", ", items) : $"{string.Join(", ", items.Take(shown))} and {items.Count - shown} more";
}
