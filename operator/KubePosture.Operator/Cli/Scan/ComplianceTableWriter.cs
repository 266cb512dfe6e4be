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
            var rows = result.Controls
                .Select(c => (c.Control.Id, Result: c.Outcome.Name().ToUpperInvariant(), Owner: c.Control.Responsibility.Name(), Title: Shorten(c.Control.Title, MaxTitle), Detail: Shorten(c.Reason, MaxDetail)))
                .ToArray();
            var w1 = Math.Max("CONTROL".Length, rows.Max(r => r.Id.Length));
            var w2 = Math.Max("RESULT".Length, rows.Max(r => r.Result.Length));
            var w3 = Math.Max("OWNER".Length, rows.Max(r => r.Owner.Length));
            var w4 = Math.Max("TITLE".Length, rows.Max(r => r.Title.Length));
            output.WriteLine($"{"CONTROL".PadRight(w1)}  {"RESULT".PadRight(w2)}  {"OWNER".PadRight(w3)}  {"TITLE".PadRight(w4)}  DETAIL");
            foreach (var r in rows)
                output.WriteLine($"{r.Id.PadRight(w1)}  {r.Result.PadRight(w2)}  {r.Owner.PadRight(w3)}  {r.Title.PadRight(w4)}  {r.Detail}");
        }
    }

    private static string Shorten(string text, int max)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= max ? oneLine : string.Concat(oneLine.AsSpan(0, max - 1), "…");
    }
}
