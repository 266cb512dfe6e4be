namespace KubePosture.Checks.Semantics;

/// <summary>
/// Environment variable names that hold credentials: a name word (split on '_', '-' and '.') such as PASSWORD,
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

    public static bool IsSecretLike(string name)
    {
        var words = name.ToUpperInvariant().Split(['_', '-', '.'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return false;
        if (words.Length > 1 && LocatorSuffixes.Contains(words[^1]))
            return false;
        if (words.Any(SecretWords.Contains))
            return true;
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (SecretPairs.Contains((words[i], words[i + 1])))
                return true;
        }

        return false;
    }
}
