using System.Text.RegularExpressions;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// Secret-like values in EC2 user data (shell scripts, MIME parts, cloud-init YAML, nodeadm config): an assignment
/// <c>NAME=value</c> / <c>NAME: value</c> whose name is secret-like (<see cref="SecretLikeNames"/>) and whose value is a
/// literal (not a $VARIABLE, $(command) or empty), an AWS access key id, or a private key block. What is reported is
/// the name and the line number, never the value.
/// </summary>
public static partial class UserDataSecrets
{
    [GeneratedRegex(@"^\s*(?:export\s+|-\s+)?(?<name>[A-Za-z_][A-Za-z0-9_.\-]*)\s*(?:=|:\s)\s*(?<value>.*)$")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AccessKeyId();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    /// <summary>"line 12: DB_PASSWORD", "line 3: AWS access key id", ... at most <paramref name="max"/> entries.</summary>
    public static IReadOnlyList<string> Find(string? userData, int max = 10)
    {
        var found = new List<string>();
        if (string.IsNullOrEmpty(userData)) return found;
        var lines = userData.Split('\n');
        for (var i = 0; i < lines.Length && found.Count < max; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith('#')) continue;
            if (AccessKeyId().IsMatch(line)) found.Add($"line {i + 1}: AWS access key id");
            else if (PrivateKey().IsMatch(line)) found.Add($"line {i + 1}: private key");
            else if (Assignment().Match(line) is { Success: true } m && SecretLikeNames.IsSecretLike(m.Groups["name"].Value) && IsLiteral(m.Groups["value"].Value))
                found.Add($"line {i + 1}: {m.Groups["name"].Value}");
        }
        return found;
    }

    private static bool IsLiteral(string value)
    {
        var v = value.Trim().Trim('"', '\'');
        return v.Length > 0 && !v.StartsWith('$') && !v.StartsWith('{') && v != "|" && v != ">";
    }
}
