namespace KubePosture.Api;

/// <summary>
/// "did you mean ...?" for misspelt check ids and categories (edit distance at most 3). The cost is bounded whatever the
/// input: a candidate whose length differs by more than the allowed distance cannot match and is skipped, so a
/// 10,000-character key costs one length comparison per candidate, not 10,000 × its length.
/// </summary>
internal static class NameSuggestion
{
    /// <summary>The candidate nearest to <paramref name="value"/> whatever the distance (case-insensitive; ties by ordinal order); null when there is none.</summary>
    public static string? Closest(string value, IEnumerable<string> candidates)
        => candidates.Order(StringComparer.Ordinal).Select(c => (Candidate: c, Distance: Distance(value.ToLowerInvariant(), c))).OrderBy(c => c.Distance).Select(c => c.Candidate).FirstOrDefault();

    public static string DidYouMean(string value, IEnumerable<string> candidates)
    {
        var allowed = Math.Min(3, Math.Max(1, value.Length / 3));
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Order(StringComparer.Ordinal))
        {
            if (Math.Abs(candidate.Length - value.Length) > allowed)
                continue;
            var distance = Distance(value, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= allowed ? $"; did you mean \"{best}\"?" : "";
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
