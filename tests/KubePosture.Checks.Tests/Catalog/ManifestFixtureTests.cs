using KubePosture.Checks.Tests.Support;

namespace KubePosture.Checks.Tests.Catalog;

/// <summary>
/// End-to-end semantics: YAML manifests (Fixtures/*.yaml) through the inventory's Kubernetes-object mapper and every
/// check, compared with the expectations written in each file's comments.
/// </summary>
public class ManifestFixtureTests
{
    public static TheoryData<string> Fixtures => [.. ManifestFixture.Names()];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Findings_match_the_fixture_expectations(string fixture)
    {
        var f = ManifestFixture.Load(fixture);
        Assert.NotEmpty(f.Expected);
        var findings = f.RunAll();
        var problems = new List<string>();

        foreach (var (checkId, resource, severity) in f.Expected)
        {
            var matching = findings.Where(x => x.CheckId == checkId && ManifestFixture.Key(x.Resource) == resource).ToList();
            if (matching.Count == 0)
                problems.Add($"expected {checkId} on {resource}, found none");
            else if (severity is not null && matching.All(x => x.Severity != severity))
                problems.Add($"expected {checkId} on {resource} at {severity}, found {string.Join(",", matching.Select(x => x.Severity))}");
        }

        foreach (var (checkId, resource) in f.Absent)
        {
            var matching = findings.Where(x => x.CheckId == checkId && ManifestFixture.Key(x.Resource) == resource).ToList();
            if (matching.Count > 0)
                problems.Add($"expected no {checkId} on {resource}, found: {string.Join(" | ", matching.Select(x => x.Message))}");
        }

        foreach (var (checkId, resource, key, value) in f.Details)
        {
            var matching = findings.Where(x => x.CheckId == checkId && ManifestFixture.Key(x.Resource) == resource).ToList();
            if (!matching.Any(x => x.Details is not null && x.Details.TryGetValue(key, out var v) && v == value))
                problems.Add($"expected {checkId} on {resource} with {key}={value}, found: {string.Join(" | ", matching.Select(x => x.Details is null ? "" : x.Details.GetValueOrDefault(key)))}");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Pod_findings_attach_once_per_top_owner(string fixture)
    {
        var findings = ManifestFixture.Load(fixture).RunAll();
        var duplicates = findings.GroupBy(x => x.Key).Where(g => g.Count() > 1).Select(g => g.Key.ToString()).ToList();
        Assert.True(duplicates.Count == 0, "duplicate findings: " + string.Join(", ", duplicates));
        Assert.DoesNotContain(findings, x => x.CheckId.StartsWith("pod.", StringComparison.Ordinal) && x.Resource.Kind == "ReplicaSet");
    }
}
