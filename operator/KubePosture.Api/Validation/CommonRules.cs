using System.Text.RegularExpressions;

namespace KubePosture.Api;

/// <summary>Rules shared by the validators: label selectors, check references, durations, globs.</summary>
internal static partial class CommonRules
{
    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelKeyRegex();

    [GeneratedRegex(ScopeGlob.Pattern)]
    private static partial Regex NamespaceGlobRegex();

    [GeneratedRegex(CheckGlob.Pattern)]
    private static partial Regex CheckGlobRegex();

    public static bool IsNamespaceGlob(string value) => value.Length <= 63 && NamespaceGlobRegex().IsMatch(value);

    public static void LabelSelector(IssueList issues, string field, LabelSelectorSpec? selector)
    {
        if (selector is null)
            return;
        foreach (var (key, value) in selector.MatchLabels ?? [])
        {
            LabelKey(issues, $"{field}.matchLabels", key);
            if (value is null || value.Length > 63 || !LabelValueRegex().IsMatch(value))
            {
                issues.Error($"{field}.matchLabels[{key}]", value,
                    "not a valid label value; use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
            }
        }

        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var path = $"{field}.matchExpressions[{i}]";
            var requirement = expressions[i];
            if (requirement is null)
            {
                issues.Error(path, null, "empty requirement; give key and operator or remove the entry");
                continue;
            }

            LabelKey(issues, $"{path}.key", requirement.Key);
            var values = requirement.Values ?? [];
            switch (requirement.Operator)
            {
                case LabelSelectorRequirementSpec.In or LabelSelectorRequirementSpec.NotIn:
                    if (values.Count == 0)
                        issues.Error($"{path}.values", null, $"operator {requirement.Operator} needs at least one value; add values or use Exists");
                    break;
                case LabelSelectorRequirementSpec.Exists or LabelSelectorRequirementSpec.DoesNotExist:
                    if (values.Count > 0)
                        issues.Error($"{path}.values", string.Join(",", values), $"operator {requirement.Operator} takes no values; remove values or use In");
                    break;
                default:
                    issues.Error($"{path}.operator", requirement.Operator, "expected one of In, NotIn, Exists, DoesNotExist");
                    break;
            }

            for (var j = 0; j < values.Count; j++)
            {
                if (values[j] is null || values[j].Length > 63 || !LabelValueRegex().IsMatch(values[j]))
                    issues.Error($"{path}.values[{j}]", values[j], "not a valid label value; use at most 63 letters, digits, '-', '_' or '.'");
            }
        }
    }

    private static void LabelKey(IssueList issues, string field, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            issues.Error(field, key, "label key is empty; give a key such as app.kubernetes.io/name");
            return;
        }

        var slash = key.LastIndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (name.Length > 63 || (slash >= 0 && slash > 253) || !LabelKeyRegex().IsMatch(key))
            issues.Error(field, key, "not a valid label key; use an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.'");
    }

    /// <summary>
    /// A list of check references: ids, globs (<c>pod.*</c>) or, when <paramref name="knownCategories"/> is given,
    /// category names. Unknown names and globs that match nothing are errors (a typo must not silently select
    /// nothing).
    /// </summary>
    public static void CheckReferences(
        IssueList issues, string field, IReadOnlyList<string>? references,
        IReadOnlyCollection<string> knownCheckIds, IReadOnlyCollection<string>? knownCategories)
    {
        if (references is null)
            return;
        var what = knownCategories is null ? "check" : "check or category";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < references.Count; i++)
        {
            var path = $"{field}[{i}]";
            var reference = references[i];
            if (string.IsNullOrWhiteSpace(reference))
            {
                issues.Error(path, reference, $"empty; give a {what} id or a glob such as pod.*");
                continue;
            }

            if (reference.Length > 100 || !CheckGlobRegex().IsMatch(reference))
            {
                issues.Error(path, reference, "not a check id, glob or category; use lower-case letters, digits, '.', '-' and the wildcards * and ?");
                continue;
            }

            if (!seen.Add(reference))
            {
                issues.Warning(path, reference, "listed twice; remove the duplicate");
                continue;
            }

            if (Glob.IsPattern(reference))
            {
                if (!knownCheckIds.Any(id => Glob.IsMatch(reference, id)) && !(knownCategories?.Any(c => Glob.IsMatch(reference, c)) ?? false))
                    issues.Error(path, reference, $"no {what} matches this glob; see docs/checks.md for the ids");
            }
            else if (!knownCheckIds.Contains(reference) && !(knownCategories?.Contains(reference) ?? false))
            {
                var candidates = knownCategories is null ? knownCheckIds : knownCheckIds.Concat(knownCategories);
                issues.Error(path, reference, $"no {what} has that name{NameSuggestion.DidYouMean(reference, candidates)}");
            }
        }
    }

    /// <summary>A duration field (<c>30m</c>, <c>6h</c>, <c>7d</c>) at least <paramref name="minimum"/>.</summary>
    public static TimeSpan? Duration(IssueList issues, string field, string? value, TimeSpan minimum, string example)
    {
        if (value is null)
            return null;
        if (!Api.Duration.TryParse(value, out var parsed, out var error))
        {
            issues.Error(field, value, $"{error} (for example {example})");
            return null;
        }

        if (parsed < minimum)
        {
            var least = Api.Duration.Format(minimum);
            issues.Error(field, value, parsed == TimeSpan.Zero ? $"must be positive; use {least} or more" : $"below the minimum of {least}; use {least} or more");
            return null;
        }

        return parsed;
    }
}
