using KubePosture.Checks.Model;

namespace KubePosture.Checks.Engine;

/// <summary>
/// Which checks a scan runs and how their findings are graded. <see cref="Include"/> and <see cref="Exclude"/>
/// entries are check ids, globs (<c>pod.*</c>) or category names (<c>rbac</c>); an empty Include means every
/// check. Exclude wins over Include. <see cref="MinSeverity"/> drops findings below it (after overrides);
/// <see cref="SeverityOverrides"/> maps a check id or glob to the severity every finding of that check gets.
/// </summary>
public sealed record CheckSelection
{
    public static CheckSelection All { get; } = new();

    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public Severity? MinSeverity { get; init; }
    public IReadOnlyDictionary<string, Severity> SeverityOverrides { get; init; } = new Dictionary<string, Severity>();

    /// <summary>Field path prefix used in validation messages (the PostureScan's <c>spec.checks</c>).</summary>
    public string IncludeField { get; init; } = "spec.checks.include";
    public string ExcludeField { get; init; } = "spec.checks.exclude";
    public string OverridesField { get; init; } = "spec.severityOverrides";

    /// <summary>Whether a selection entry names the check: its id, a glob over ids, or its category.</summary>
    public static bool Selects(string entry, CheckDescriptor check)
        => entry == check.Id || entry == check.Category || (GlobPattern.IsGlob(entry) && GlobPattern.IsMatch(entry, check.Id));

    public bool IsSelected(CheckDescriptor check)
        => (Include.Count == 0 || Include.Any(e => Selects(e, check))) && !Exclude.Any(e => Selects(e, check));

    /// <summary>The override for a check: an exact id wins over a glob; among globs the longest pattern wins.</summary>
    public Severity? OverrideFor(string checkId)
    {
        if (SeverityOverrides.TryGetValue(checkId, out var exact))
            return exact;
        Severity? best = null;
        var bestLength = -1;
        foreach (var (pattern, severity) in SeverityOverrides)
        {
            if (GlobPattern.IsGlob(pattern) && pattern.Length > bestLength && GlobPattern.IsMatch(pattern, checkId))
            {
                best = severity;
                bestLength = pattern.Length;
            }
        }

        return best;
    }

    /// <summary>Validates against the catalog.</summary>
    public IReadOnlyList<string> Validate() => Validate(CheckCatalog.Descriptors);

    /// <summary>Messages that name the field, the value and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate(IReadOnlyList<CheckDescriptor> checks)
    {
        var errors = new List<string>();
        ValidateEntries(Include, IncludeField, checks, errors);
        ValidateEntries(Exclude, ExcludeField, checks, errors);
        foreach (var (pattern, severity) in SeverityOverrides)
        {
            if (!Enum.IsDefined(severity))
                errors.Add($"{OverridesField}[\"{pattern}\"] {(int)severity}: not a severity; use one of {string.Join(", ", Enum.GetNames<Severity>())}");
            if (string.IsNullOrWhiteSpace(pattern))
                errors.Add($"{OverridesField}[\"{pattern}\"]: empty check id; use a check id such as pod.privileged or a glob such as pod.*");
            else if (!checks.Any(c => c.Id == pattern || (GlobPattern.IsGlob(pattern) && GlobPattern.IsMatch(pattern, c.Id))))
                errors.Add($"{OverridesField}[\"{pattern}\"]: no check has that id{Suggestion(pattern, checks)}");
        }

        if (errors.Count == 0 && Include.Count > 0 && !checks.Any(IsSelected))
            errors.Add($"{ExcludeField}: excludes every check that {IncludeField} selects; the scan would run nothing");
        return errors;
    }

    private static void ValidateEntries(IReadOnlyList<string> entries, string field, IReadOnlyList<CheckDescriptor> checks, List<string> errors)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (string.IsNullOrWhiteSpace(entry))
                errors.Add($"{field}[{i}] \"{entry}\": empty; use a check id (pod.privileged), a glob (pod.*) or a category ({string.Join(", ", CheckCategory.All)})");
            else if (!checks.Any(c => Selects(entry, c)))
            {
                errors.Add(GlobPattern.IsGlob(entry)
                    ? $"{field}[{i}] \"{entry}\": the glob matches no check id{Suggestion(entry, checks)}"
                    : $"{field}[{i}] \"{entry}\": no check or category has that name{Suggestion(entry, checks)}");
            }
        }
    }

    /// <summary>"; did you mean pod.privileged?" for a near miss (same prefix before the dot, or a one-edit typo).</summary>
    private static string Suggestion(string entry, IReadOnlyList<CheckDescriptor> checks)
    {
        var candidates = checks.Select(c => c.Id).Concat(CheckCategory.All).Distinct(StringComparer.Ordinal)
            .Select(id => (Id: id, Distance: EditDistance(entry.Replace("*", "", StringComparison.Ordinal), id)))
            .Where(c => c.Distance <= Math.Max(1, entry.Length / 6))
            .OrderBy(c => c.Distance).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToArray();
        return candidates.Length == 0 ? "; list the checks with `kubeposture scan --list-checks` or see docs/checks.md" : $"; did you mean {candidates[0].Id}?";
    }

    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
