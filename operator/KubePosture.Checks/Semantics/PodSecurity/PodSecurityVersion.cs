using System.Globalization;

namespace KubePosture.Checks.Semantics.PodSecurity;

/// <summary>
/// A Pod Security Standards policy version as the <c>pod-security.kubernetes.io/*-version</c> labels spell it:
/// <c>v1.N</c> or <c>latest</c>. Admission evaluates a version newer than the newest it knows, and <c>latest</c>, with
/// the newest policy it knows; so does this evaluator (<see cref="Newest"/>).
/// </summary>
public readonly record struct PodSecurityVersion
{
    /// <summary>The newest policy version this evaluator implements (the upstream fixtures go up to it).</summary>
    public const int NewestMinor = 37;

    private PodSecurityVersion(int minor, bool latest)
    {
        Minor = minor;
        IsLatest = latest;
    }

    /// <summary>The minor version as written (for <c>latest</c>, <see cref="NewestMinor"/>).</summary>
    public int Minor { get; }

    public bool IsLatest { get; }

    /// <summary>The policy version whose rules apply: the version itself, or the newest known one for later versions and latest.</summary>
    public int EffectiveMinor => IsLatest ? NewestMinor : Math.Min(Minor, NewestMinor);

    public static PodSecurityVersion Latest { get; } = new(NewestMinor, latest: true);

    /// <summary>v1.<paramref name="minor"/>.</summary>
    public static PodSecurityVersion V1(int minor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minor);
        return new PodSecurityVersion(minor, latest: false);
    }

    /// <summary>
    /// Parses a version label value as admission does: <c>latest</c> or <c>v1.N</c> (no leading zero, no patch). An
    /// invalid value is evaluated as latest (<paramref name="valid"/> false), as admission does.
    /// </summary>
    public static PodSecurityVersion Parse(string? value, out bool valid)
    {
        valid = true;
        if (value is null or "latest")
            return Latest;
        if (value.StartsWith("v1.", StringComparison.Ordinal)
            && value.Length > 3
            && value.AsSpan(3).IndexOfAnyExceptInRange('0', '9') < 0
            && (value.Length == 4 || value[3] != '0')
            && int.TryParse(value.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return V1(minor);
        }

        valid = false;
        return Latest;
    }

    /// <summary>True when the rules of policy version v1.<paramref name="minor"/> or later apply.</summary>
    public bool AtLeast(int minor) => EffectiveMinor >= minor;

    public override string ToString() => IsLatest ? "latest" : $"v1.{Minor}";
}
