using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KubePosture.AwsEmulator.Services;

/// <summary>Access keys the emulator accepts: the fixture's, plus temporary ones its STS issued.</summary>
public sealed class Identities
{
    private readonly ConcurrentDictionary<string, Identity> _keys = new(StringComparer.Ordinal);

    public sealed record Identity(string AccessKeyId, string SecretAccessKey, string? SessionToken, string Arn, string UserId);

    public void Add(Identity identity) => _keys[identity.AccessKeyId] = identity;

    public Identity? Find(string accessKeyId) => _keys.TryGetValue(accessKeyId, out var i) ? i : null;

    public Identity Issue(string arn, string userId)
    {
        var identity = new Identity("ASIA" + Random(16), Random(40), "FQoG" + Random(120), arn, userId);
        Add(identity);
        return identity;
    }

    private static string Random(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        return string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }
}
