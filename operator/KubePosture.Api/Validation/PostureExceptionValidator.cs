using System.Globalization;
using System.Text.RegularExpressions;

namespace KubePosture.Api;

/// <summary>
/// Validates a <see cref="PostureExceptionSpec"/>: checks that exist, a real justification, an expiry in the
/// future and at most <see cref="DefaultMaxLifetime"/> ahead, resource matchers that narrow something. An
/// exception that was valid and has since expired is not invalid: <see cref="IsExpired"/> says so and the
/// operator reports reason Expired.
/// </summary>
public static partial class PostureExceptionValidator
{
    /// <summary>How far ahead expiresAt may be, counted from the exception's creation.</summary>
    public static readonly TimeSpan DefaultMaxLifetime = TimeSpan.FromDays(365);

    /// <summary>Fewest characters of a justification ("ok" does not justify a risk).</summary>
    public const int MinimumJustificationLength = 10;

    [GeneratedRegex(@"^[A-Za-z0-9*?]+$")]
    private static partial Regex KindGlobRegex();

    [GeneratedRegex(@"^\S+$")]
    private static partial Regex NameGlobRegex();

    /// <param name="spec">The spec to check.</param>
    /// <param name="knownCheckIds">Ids of every check in the catalog.</param>
    /// <param name="now">Current time.</param>
    /// <param name="createdAt">
    /// The object's creationTimestamp; the expiry rules count from it, so an exception that expires later is reported
    /// Expired rather than invalid. Null (not yet created, dry run) counts from <paramref name="now"/>.
    /// </param>
    /// <param name="maxLifetime">Longest allowed time from creation to expiry; default one year.</param>
    public static IReadOnlyList<ValidationIssue> Validate(
        PostureExceptionSpec spec,
        IReadOnlyCollection<string> knownCheckIds,
        DateTimeOffset now,
        DateTimeOffset? createdAt = null,
        TimeSpan? maxLifetime = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var issues = new IssueList();
        Checks(issues, spec, knownCheckIds);
        Justification(issues, spec.Justification);
        Expiry(issues, spec.ExpiresAt, createdAt ?? now, maxLifetime ?? DefaultMaxLifetime);
        Resources(issues, spec.Resources);
        return issues.Issues;
    }

    /// <summary>
    /// An exception outside the control namespace applies only to its own namespace; resource entries naming
    /// another namespace can never match. Returned as warnings: the exception still works for the rest.
    /// </summary>
    public static IReadOnlyList<ValidationIssue> ValidateScope(PostureExceptionSpec spec, string exceptionNamespace, string controlNamespace)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var issues = new IssueList();
        if (exceptionNamespace == controlNamespace)
            return issues.Issues;
        var resources = spec.Resources ?? [];
        for (var i = 0; i < resources.Count; i++)
        {
            if (resources[i]?.Namespace is { } ns && !Glob.IsMatch(ns, exceptionNamespace))
            {
                issues.Warning($"spec.resources[{i}].namespace", ns,
                    $"an exception in namespace {exceptionNamespace} applies only to {exceptionNamespace}, so this entry matches nothing; create it in {controlNamespace} to cover other namespaces");
            }
        }

        return issues.Issues;
    }

    /// <summary>True once <paramref name="now"/> has reached expiresAt: the exception suppresses nothing.</summary>
    public static bool IsExpired(PostureExceptionSpec spec, DateTimeOffset now) => ExpiresAt(spec) <= now;

    /// <summary>The instant spec.expiresAt names (a local time converted, any other taken as UTC).</summary>
    public static DateTimeOffset ExpiresAt(PostureExceptionSpec spec) => ExpiresAt(spec.ExpiresAt);

    private static DateTimeOffset ExpiresAt(DateTime value) =>
        new(DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc));

    private static void Checks(IssueList issues, PostureExceptionSpec spec, IReadOnlyCollection<string> knownCheckIds)
    {
        if (spec.Checks is not { Count: > 0 })
        {
            issues.Error("spec.checks", null, "required; list the check ids or globs (such as pod.run-as-root or pod.*) this exception accepts");
            return;
        }

        CommonRules.CheckReferences(issues, "spec.checks", spec.Checks, knownCheckIds, knownCategories: null);
        if (spec.Resources is { Count: > 0 } || knownCheckIds.Count == 0)
            return;

        // Not only a literal "*": any glob whose matches are the whole catalog ("?*", "*.*", "**") silences everything.
        for (var i = 0; i < spec.Checks.Count; i++)
        {
            var pattern = spec.Checks[i];
            if (!string.IsNullOrEmpty(pattern) && Glob.IsPattern(pattern) && knownCheckIds.All(id => Glob.IsMatch(pattern, id)))
            {
                issues.Error($"spec.checks[{i}]", pattern,
                    "matches every check, so every finding on every resource would be suppressed; list spec.resources or name the checks");
            }
        }
    }

    private static void Justification(IssueList issues, string? justification)
    {
        if (string.IsNullOrWhiteSpace(justification) || VisibleLength(justification) == 0)
        {
            issues.Error("spec.justification", null, "required; say why the risk is accepted (ticket, compensating control, plan)");
            return;
        }

        if (VisibleLength(justification) < MinimumJustificationLength)
        {
            issues.Error("spec.justification", justification,
                $"too short to justify a risk; write at least {MinimumJustificationLength} characters saying why (ticket, compensating control, plan)");
        }
    }

    /// <summary>
    /// Characters a reader sees: not white space, not control or format characters (zero-width spaces and joiners,
    /// bidi marks), not combining marks on their own. Ten zero-width spaces justify nothing.
    /// </summary>
    internal static int VisibleLength(string text)
    {
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = System.Text.Rune.GetUnicodeCategory(rune);
            if (!System.Text.Rune.IsWhiteSpace(rune) && category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.EnclosingMark or UnicodeCategory.SpaceSeparator or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate)
                && rune.Value != 0x3164 && rune.Value != 0x115F && rune.Value != 0x1160 && rune.Value != 0x2800)
            {
                count++;
            }
        }

        return count;
    }

    private static void Expiry(IssueList issues, DateTime expiresAt, DateTimeOffset from, TimeSpan maxLifetime)
    {
        const string Field = "spec.expiresAt";
        if (expiresAt == default)
        {
            issues.Error(Field, null, $"required; give an RFC 3339 time at most {Duration.Format(maxLifetime)} ahead, such as {Format(from + TimeSpan.FromDays(90))}");
            return;
        }

        var expiry = ExpiresAt(expiresAt);
        if (expiry <= from)
        {
            issues.Error(Field, Format(expiry), $"is not in the future; set a time after {Format(from)} and at most {Duration.Format(maxLifetime)} ahead");
            return;
        }

        if (expiry - from > maxLifetime)
        {
            issues.Error(Field, Format(expiry),
                $"is more than {Duration.Format(maxLifetime)} ahead; set it to {Format(from + maxLifetime)} or earlier and renew the exception when it expires");
        }
    }

    private static void Resources(IssueList issues, List<ResourceMatch>? resources)
    {
        if (resources is null)
            return;
        for (var i = 0; i < resources.Count; i++)
        {
            var path = $"spec.resources[{i}]";
            var match = resources[i];
            if (match is null || (match.Kind is null && match.Namespace is null && match.Name is null && match.Selector is null))
            {
                issues.Error(path, null, "matches every resource; set kind, namespace, name or selector, or remove the entry");
                continue;
            }

            if (match.Kind is { } kind && !KindGlobRegex().IsMatch(kind))
                issues.Error($"{path}.kind", kind, "not a kind or glob; use a kind such as Deployment, with * and ? as wildcards");
            if (match.Namespace is { } ns && !CommonRules.IsNamespaceGlob(ns))
                issues.Error($"{path}.namespace", ns, "not a namespace name or glob; use lower-case letters, digits and '-', with * and ? as wildcards");
            if (match.Name is { } name && !NameGlobRegex().IsMatch(name))
                issues.Error($"{path}.name", name, "not a name or glob; names have no spaces (use * and ? as wildcards)");
            CommonRules.LabelSelector(issues, $"{path}.selector", match.Selector);
        }
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
