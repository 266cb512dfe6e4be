namespace KubePosture.Api;

/// <summary>
/// Shell-style globs used across the API (namespaces, check ids, resource names): <c>*</c> matches any run of
/// characters (also none), <c>?</c> exactly one; everything else matches itself, case-sensitively.
/// </summary>
public static class Glob
{
    public static bool IsPattern(string? text) => text.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/>; a missing pattern or text matches nothing.</summary>
    public static bool IsMatch(string? pattern, string? text)
    {
        if (pattern is null || text is null)
            return false;

        // Iterative matcher with single-star backtracking: linear in practice, no regex, no recursion.
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}
