using System.Text.RegularExpressions;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// A parsed container image reference, <c>[registry/]repository[:tag][@algorithm:hex]</c>, following the
/// distribution reference grammar: the first path component is a registry only when it contains '.' or ':' or is
/// "localhost" (otherwise docker.io, with "library/" for single-component names); a tag follows the last ':'
/// after the last '/'; a digest is valid per the OCI image spec's grammar (<c>algorithm ":" encoded</c>, the algorithm
/// lower-case components joined by + . _ -, the encoded part [a-zA-Z0-9=_-]+), and for a registered algorithm also
/// its own encoding (sha256 and blake3: 64 lower-case hex, sha512: 128). A malformed digest is not a digest:
/// <see cref="Digest"/> stays null and <see cref="MalformedDigest"/> keeps the text.
/// No tag and no digest means the runtime pulls <c>latest</c>.
/// </summary>
public sealed partial record ImageReference(
    string Original,
    string Registry,
    string Repository,
    string? Tag,
    string? Digest,
    string? MalformedDigest)
{
    /// <summary>Referenced by a valid digest: what runs is fixed whatever happens to tags.</summary>
    public bool IsPinned => Digest is not null;

    /// <summary>The tag the runtime resolves: the written tag, or "latest" when neither tag nor digest is given.</summary>
    public string? EffectiveTag => Tag ?? (Digest is null ? "latest" : null);

    /// <summary>Resolves to a moving <c>latest</c> tag: tag "latest" or no tag, and no valid digest.</summary>
    public bool IsLatest => Digest is null && (Tag is null || Tag == "latest");

    private static readonly BoundedMemo<string, ImageReference> Parsed = new(ParseUncached, 16384, StringComparer.Ordinal);

    /// <summary>Parses an image reference; results are remembered (clusters run far fewer images than containers).</summary>
    public static ImageReference Parse(string image) => Parsed[image];

    private static ImageReference ParseUncached(string image)
    {
        var text = image.Trim();
        string? digest = null;
        string? malformed = null;

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var candidate = text[(at + 1)..];
            if (IsValidDigest(candidate))
                digest = candidate;
            else
                malformed = candidate;
            text = text[..at];
        }

        string? tag = null;
        var lastSlash = text.LastIndexOf('/');
        var colon = text.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = text[(colon + 1)..];
            text = text[..colon];
            if (tag.Length == 0)
                tag = null;
        }

        var registry = "docker.io";
        var repository = text;
        var firstSlash = text.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash > 0)
        {
            var first = text[..firstSlash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                repository = text[(firstSlash + 1)..];
            }
        }

        if (registry == "docker.io" && !repository.Contains('/', StringComparison.Ordinal))
            repository = "library/" + repository;

        return new ImageReference(image, registry, repository, tag, digest, malformed);
    }

    /// <summary>
    /// The digest in a <c>status.containerStatuses[].imageID</c> ("docker-pullable://repo@sha256:..",
    /// "repo@sha256:..", or a bare "sha256:.."), when it holds a valid one.
    /// </summary>
    public static string? DigestFromImageId(string? imageId) => string.IsNullOrEmpty(imageId) ? null : Digests[imageId];

    /// <summary>Digests of imageIDs seen (every pod of a ReplicaSet reports the same one): one string per digest.</summary>
    private static readonly BoundedMemo<string, string?> Digests = new(imageId =>
    {
        var candidate = imageId.AsSpan(imageId.LastIndexOf('@') + 1);
        return IsValidDigest(candidate) ? candidate.ToString() : null;
    }, 16384, StringComparer.Ordinal);

    /// <summary>
    /// A digest per the OCI image spec (descriptor.md, "Digests"): the grammar for every algorithm, and for the
    /// registered ones (sha256, sha512, blake3) their encoding too. An unregistered algorithm that meets the grammar is
    /// a digest: the runtime resolves it or fails, it never floats like a tag.
    /// </summary>
    public static bool IsValidDigest(ReadOnlySpan<char> text)
    {
        if (!DigestGrammar().IsMatch(text))
            return false;
        var colon = text.IndexOf(':');
        var encoded = text[(colon + 1)..];
        return text[..colon] switch
        {
            "sha256" or "blake3" => encoded.Length == 64 && LowerHex().IsMatch(encoded),
            "sha512" => encoded.Length == 128 && LowerHex().IsMatch(encoded),
            _ => true,
        };
    }

    [GeneratedRegex("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestGrammar();

    [GeneratedRegex("^[a-f0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LowerHex();
}
