using KubePosture.Checks.Compliance;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>The per-control part of the table report: per framework its headline, then one aligned row per control.</summary>
public static class ComplianceTableWriter
{
    private const int MaxTitle = 70;
    private const int MaxDetail = 120;

    public static void Write(IReadOnlyList<FrameworkResult> results, TextWriter output)
    {
        foreach (var result in results)
        {
            output.WriteLine();
            output.WriteLine($"{result.Framework.Title} ({result.Headline})");
            TextTable.Write(output, ["CONTROL", "RESULT", "OWNER", "TITLE", "DETAIL"],
                [.. result.Controls.Select(c => new[]
                {
                    c.Control.Id, c.Outcome.Name().ToUpperInvariant(), c.Control.Responsibility.Name(), TextTable.Shorten(c.Control.Title, MaxTitle), TextTable.Shorten(c.Reason, MaxDetail),
                })]);
        }
    }
}
