namespace KubePosture.Api;

/// <summary>"did you mean ...?" for misspelt check ids and categories (edit distance at most 3).</summary>
internal static class NameSuggestion
{
    /// <summary>The candidate nearest to <paramref name="value"/> whatever the distance (case-insensitive; ties by ordinal order); null when there is none.</summary>
    public static string? Closest(string value, IEnumerable<string> candidates)
        => candidates.Order(StringComparer.Ordinal).Select(c => (Candidate: c, Distance: Distance(value.ToLowerInvariant(), c))).OrderBy(c => c.Distance).Select(c => c.Candidate).FirstOrDefault();

    public static string DidYouMean(string value, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Order(StringComparer.Ordinal))
        {
            var distance = Distance(value, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Math.Min(3, Math.Max(1, value.Length / 3)) ? $"; did you mean \"{best}\"?" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
