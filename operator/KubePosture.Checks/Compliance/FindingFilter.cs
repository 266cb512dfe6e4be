using KubePosture.Checks.Model;

namespace KubePosture.Checks.Compliance;

/// <summary>
/// Narrows which findings of a control's checks count for it, when a check covers more than the control: only the
/// unrestricted form of a problem (a severity floor), or one value of a finding detail. <see cref="Description"/> is
/// what the docs print.
/// </summary>
public sealed record FindingFilter(string Description, Func<Finding, bool> Matches)
{
    public static FindingFilter AtLeast(Severity severity) => new($"findings at {severity} or above", f => f.Severity >= severity);

    public static FindingFilter Detail(string key, string value)
        => OnDetail($"findings with {key} = {value}", key, v => v == value);

    public static FindingFilter DetailContains(string key, string text)
        => OnDetail($"findings whose {key} contains \"{text}\"", key, v => v.Contains(text, StringComparison.Ordinal));

    public static FindingFilter DetailEndsWith(string key, string suffix)
        => OnDetail($"findings whose {key} ends with \"{suffix}\"", key, v => v.EndsWith(suffix, StringComparison.Ordinal));

    /// <summary>Findings that carry detail <paramref name="key"/> with a value <paramref name="matches"/> accepts; a finding without it never counts.</summary>
    private static FindingFilter OnDetail(string description, string key, Func<string, bool> matches)
        => new(description, f => f.Details is { } d && d.TryGetValue(key, out var v) && matches(v));
}
