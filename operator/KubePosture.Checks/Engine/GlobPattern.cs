namespace KubePosture.Checks.Engine;

/// <summary>
/// Shell-style globs over ids and names: <c>*</c> matches any run of characters (dots included), <c>?</c> one
/// character; everything else matches itself. <c>pod.*</c> matches every pod check.
/// </summary>
public static class GlobPattern
{
    public static bool IsGlob(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    public static bool IsMatch(string pattern, string value, bool ignoreCase = false)
    {
        var p = 0;
        var v = 0;
        int star = -1, starValue = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || CharEquals(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starValue = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++starValue;
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

    private static bool CharEquals(char a, char b, bool ignoreCase)
        => a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
