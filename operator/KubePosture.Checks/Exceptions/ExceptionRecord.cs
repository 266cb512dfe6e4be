using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Exceptions;

/// <summary>
/// A PostureException as the matcher reads it. It suppresses a finding when one of <see cref="Checks"/> (ids or
/// globs) matches the finding's check and one of <see cref="Resources"/> matches its resource (no resources:
/// every resource), until <see cref="ExpiresAt"/>. An exception outside the operator's control namespace
/// suppresses only findings in its own namespace.
/// </summary>
public sealed record ExceptionRecord(
    string Namespace,
    string Name,
    IReadOnlyList<string> Checks,
    IReadOnlyList<ExceptionResourceMatch> Resources,
    string Justification,
    DateTimeOffset ExpiresAt,
    string? Owner = null)
{
    /// <summary>"namespace/name", the key of <see cref="ExceptionOutcome.MatchCounts"/>.</summary>
    public string Key => $"{Namespace}/{Name}";
}

/// <summary>
/// A resource match: <see cref="Kind"/>, <see cref="Namespace"/> and <see cref="Name"/> are globs (null: any;
/// kind compared case-insensitively), and <see cref="Selector"/>, when set, must match the resource's labels.
/// </summary>
public sealed record ExceptionResourceMatch(string? Kind = null, string? Namespace = null, string? Name = null, LabelSelector? Selector = null);
