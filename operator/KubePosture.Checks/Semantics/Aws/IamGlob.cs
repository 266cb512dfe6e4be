namespace KubePosture.Checks.Semantics.Aws;

/// <summary>
/// IAM wildcard patterns: <c>*</c> matches any run of characters, <c>?</c> exactly one. Actions compare
/// case-insensitively (IAM action names are), resources and condition values ordinally.
/// </summary>
public static class IamGlob
{
    /// <summary>Whether <paramref name="pattern"/> matches the literal <paramref name="value"/>.</summary>
    public static bool Matches(string pattern, string value, bool ignoreCase) => Covers(pattern, value, ignoreCase, literalQuery: true);

    /// <summary>
    /// Whether every string the <paramref name="query"/> pattern matches is matched by <paramref name="pattern"/>:
    /// <c>s3:*</c> covers <c>s3:Get*</c>; <c>s3:Get*</c> does not cover <c>s3:*</c>. Sound: a wildcard in the query
    /// must be absorbed by a wildcard of the pattern (a <c>?</c> by a <c>?</c> or <c>*</c>).
    /// </summary>
    public static bool Covers(string pattern, string query, bool ignoreCase) => Covers(pattern, query, ignoreCase, literalQuery: false);

    /// <summary>Whether some string is matched by both patterns (product of the two automata).</summary>
    public static bool Intersects(string a, string b, bool ignoreCase)
    {
        var seen = new HashSet<(int, int)>();
        var pending = new Stack<(int, int)>();
        pending.Push((0, 0));
        while (pending.Count > 0)
        {
            var (i, j) = pending.Pop();
            if (!seen.Add((i, j))) continue;
            if (i == a.Length && j == b.Length) return true;
            var ca = i < a.Length ? a[i] : '\0';
            var cb = j < b.Length ? b[j] : '\0';
            // A star may match nothing.
            if (ca == '*') pending.Push((i + 1, j));
            if (cb == '*') pending.Push((i, j + 1));
            if (i == a.Length || j == b.Length) continue;
            // Consume one character produced by both.
            if (ca == '*' && cb == '*') pending.Push((i, j + 1));
            if (ca == '*' && cb != '*') pending.Push((i, j + 1));
            if (cb == '*' && ca != '*') pending.Push((i + 1, j));
            if (ca != '*' && cb != '*' && (ca == '?' || cb == '?' || CharEquals(ca, cb, ignoreCase))) pending.Push((i + 1, j + 1));
        }
        return false;
    }

    private static bool Covers(string pattern, string query, bool ignoreCase, bool literalQuery)
    {
        // Classic two-pointer glob match with backtracking to the last star of the pattern.
        int p = 0, q = 0, star = -1, mark = 0;
        while (q < query.Length)
        {
            var qc = query[q];
            var qIsWild = !literalQuery && qc is '*' or '?';
            if (p < pattern.Length && pattern[p] == '?' && (qIsWild ? qc == '?' : true))
            {
                p++;
                q++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = q;
            }
            else if (p < pattern.Length && !qIsWild && pattern[p] != '*' && CharEquals(pattern[p], qc, ignoreCase))
            {
                p++;
                q++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                q = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static bool CharEquals(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
}
