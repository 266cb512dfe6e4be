using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KubePosture.KubeEmulator.Security;

/// <summary>Bearer tokens to identities (like kube-apiserver's static token file plus ServiceAccount tokens).</summary>
internal sealed class TokenAuthenticator
{
    private readonly ConcurrentDictionary<string, UserInfo> _tokens = new(StringComparer.Ordinal);

    public string Add(UserInfo user, string? token = null)
    {
        token ??= NewToken();
        _tokens[token] = user;
        return token;
    }

    public UserInfo? Authenticate(string token) => _tokens.GetValueOrDefault(token);

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
