namespace KubePosture.Checks.Semantics;

/// <summary>
/// Environment variable names that hold credentials: a name word (split on '_', '-', '.' and camelCase) such as PASSWORD,
/// SECRET, TOKEN or a compound such as API_KEY, ACCESS_KEY, PRIVATE_KEY. Names that point to where a secret lives
/// (..._FILE, ..._PATH, ..._DIR, ..._URL, ..._ENDPOINT, ..._NAME, ..._REF) are not secrets themselves.
/// </summary>
public static class SecretLikeNames
{
    private static readonly HashSet<string> SecretWords = new(StringComparer.Ordinal)
    {
        "PASSWORD", "PASSWD", "SECRET", "SECRETS", "TOKEN", "APIKEY", "CREDENTIAL", "CREDENTIALS",
        "CREDS", "PASSPHRASE", "PRIVATEKEY", "CLIENTSECRET", "AUTHTOKEN", "ACCESSKEY",
    };

    private static readonly (string, string)[] SecretPairs =
    [
        ("API", "KEY"), ("ACCESS", "KEY"), ("PRIVATE", "KEY"), ("SECRET", "KEY"), ("SIGNING", "KEY"),
        ("ENCRYPTION", "KEY"), ("AUTH", "KEY"), ("CLIENT", "SECRET"), ("CONNECTION", "STRING"),
    ];

    private static readonly HashSet<string> LocatorSuffixes = new(StringComparer.Ordinal)
    {
        "FILE", "PATH", "DIR", "URL", "URI", "ENDPOINT", "NAME", "REF", "ID", "HEADER", "TYPE", "ENABLED", "LENGTH", "TTL",
        "EXPIRY", "EXPIRATION", "TIMEOUT",
    };

    /// <summary>Short forms that mean a password only as the last word of a longer name (DB_PWD, SMTP_PASS; not PWD, PASS_THROUGH).</summary>
    private static readonly HashSet<string> TrailingOnlyWords = new(StringComparer.Ordinal) { "PWD", "PASS" };

    /// <summary>Environment variable names repeat across every replica set and container: each is judged once.</summary>
    public static bool IsSecretLike(string name) => Judged[name];

    private static readonly BoundedMemo<string, bool> Judged = new(Judge, 65536, StringComparer.Ordinal);

    private static bool Judge(string name)
    {
        var words = Words(name);
        if (words.Count == 0)
            return false;
        if (words.Count > 1 && LocatorSuffixes.Contains(words[^1]))
            return false;
        if (words.Any(SecretWords.Contains))
            return true;
        if (words.Count > 1 && TrailingOnlyWords.Contains(words[^1]))
            return true;
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (SecretPairs.Contains((words[i], words[i + 1])))
                return true;
        }

        return false;
    }

    /// <summary>Upper-case words of a name split on '_', '-', '.' and camelCase boundaries (adminPassword: ADMIN, PASSWORD).</summary>
    private static List<string> Words(string name)
    {
        var words = new List<string>();
        foreach (var part in name.Split(['_', '-', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            var start = 0;
            for (var i = 1; i < part.Length; i++)
            {
                if (char.IsUpper(part[i]) && char.IsLower(part[i - 1]))
                {
                    words.Add(part[start..i].ToUpperInvariant());
                    start = i;
                }
            }

            words.Add(part[start..].ToUpperInvariant());
        }

        return words;
    }
}
