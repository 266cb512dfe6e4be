namespace KubePosture.Api;

/// <summary>
/// A problem in a spec, naming the field path, the offending value and the fix:
/// <c>spec.schedule "*/5 * *": expected 5 cron fields ...</c>. Errors make the object InvalidSpec; warnings are
/// reported (condition message, Event) but the object still works.
/// </summary>
/// <param name="Field">Field path such as <c>spec.checks.include[2]</c>.</param>
/// <param name="Value">The offending value as the user wrote it; null when the field is missing.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="IsWarning">True for problems that do not stop the object from working.</param>
public sealed record ValidationIssue(string Field, string? Value, string Message, bool IsWarning = false)
{
    /// <summary>Longest value quoted in a message; a longer one is cut (its length is what the reader needs).</summary>
    public const int MaxQuotedValue = 256;

    public override string ToString() => Value is null ? $"{Field}: {Message}" : $"{BoundedText.Bound(Field, MaxQuotedValue)} \"{BoundedText.Bound(Value, MaxQuotedValue)}\": {Message}";
}

/// <summary>Helpers over lists of issues.</summary>
public static class ValidationIssues
{
    public static IReadOnlyList<ValidationIssue> Errors(this IEnumerable<ValidationIssue> issues) => issues.Where(i => !i.IsWarning).ToList();

    public static IReadOnlyList<ValidationIssue> Warnings(this IEnumerable<ValidationIssue> issues) => issues.Where(i => i.IsWarning).ToList();

    public static bool HasErrors(this IEnumerable<ValidationIssue> issues) => issues.Any(i => !i.IsWarning);

    /// <summary>One condition message: the issues joined by "; ", as many as fit in <paramref name="maxLength"/>, then "and N more".</summary>
    public static string ToMessage(this IEnumerable<ValidationIssue> issues, int maxLength = BoundedText.MaxConditionMessage) =>
        BoundedText.Join("; ", issues.Select(i => i.ToString()), maxLength);
}
