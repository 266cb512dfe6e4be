using System.Security.Cryptography;
using System.Text;

namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// Finding and resource identifiers. A finding's Id is <c>{cluster ARN}/{check id}/{resource}</c>: the same check on the
/// same resource of the same cluster is the same Security Hub finding from any scan, process or rescan, so a rescan
/// updates it in place. An identifier longer than ASFF allows keeps its readable start and ends with a hash of the whole.
/// </summary>
public static class AsffIds
{
    /// <param name="discriminator">Tells apart findings of one check on one resource: the container of a container
    /// finding, or for further findings of the same container a hash of the message (<see cref="AsffScan"/>).</param>
    public static string Finding(string clusterArn, string checkId, Checks.Model.ResourceRef resource, string? discriminator = null) =>
        Fit(discriminator is null ? $"{clusterArn}/{checkId}/{resource}" : $"{clusterArn}/{checkId}/{resource}#{discriminator}");

    /// <summary>A short stable hash (16 hex characters) of a text.</summary>
    public static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary><paramref name="id"/> when it fits 512 characters, else a prefix and "#sha256:" with the hash of the whole (stable, unique).</summary>
    public static string Fit(string id)
    {
        if (id.Length <= AsffLimits.Id)
            return id;
        var hash = "#sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        var keep = AsffLimits.Id - hash.Length;
        if (char.IsHighSurrogate(id[keep - 1]))
            keep--;
        return string.Concat(id.AsSpan(0, keep), hash);
    }
}
