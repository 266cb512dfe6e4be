using System.Text;

namespace KubePosture.Operator.Cli.Scan;

/// <summary>
/// The plain-text tables of the table report: a header row, then one row per item; every column but the last padded
/// to its widest cell, columns two spaces apart.
/// </summary>
internal static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows)
    {
        var widths = new int[headers.Count - 1];
        for (var i = 0; i < widths.Length; i++)
            widths[i] = rows.Aggregate(headers[i].Length, (width, row) => Math.Max(width, row[i].Length));
        WriteRow(output, headers, widths);
        foreach (var row in rows)
            WriteRow(output, row, widths);
    }

    /// <summary>The text on one line, cut to <paramref name="max"/> characters with an ellipsis when longer.</summary>
    public static string Shorten(string text, int max)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= max ? oneLine : string.Concat(oneLine.AsSpan(0, max - 1), "…");
    }

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
            line.Append(cells[i].PadRight(widths[i])).Append("  ");
        line.Append(cells[^1]);
        output.WriteLine(line.ToString());
    }
}
