namespace KubePosture.Api;

/// <summary>Collects issues while a validator walks a spec.</summary>
internal sealed class IssueList
{
    private readonly List<ValidationIssue> _issues = [];

    public IReadOnlyList<ValidationIssue> Issues => _issues;

    public void Error(string field, string? value, string message) => _issues.Add(new(field, value, message));

    public void Warning(string field, string? value, string message) => _issues.Add(new(field, value, message, IsWarning: true));
}
