using System.Text;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Engine;

/// <summary>
/// Renders docs/checks.md from the check descriptors: an index table per category, then one section per check
/// with its id, title, category, default severity, scope, sources, description, remediation and references.
/// <c>make docs</c> writes it; a drift test fails when the committed file differs.
/// </summary>
public static class CheckReferenceDocument
{
    public const string RelativePath = "docs/checks.md";

    public static string Render() => Render(CheckCatalog.Descriptors);

    public static string Render(IReadOnlyList<CheckDescriptor> checks)
    {
        var md = new StringBuilder();
        md.Append("# Check reference\n\n");
        md.Append("<!-- Generated from the check descriptors by `make docs` (CheckReferenceDocument). Do not edit by hand. -->\n\n");
        md.Append($"{checks.Count} checks. Ids are stable public names (use them in `spec.checks`, PostureExceptions, ");
        md.Append("`--checks` / `--skip` and alerts); severities are defaults a scan may override. A check is *not evaluated* ");
        md.Append("(never passed) when a source it reads is unavailable, when it is cluster-scoped and the scan is namespaced, ");
        md.Append("or when it needs AWS and the scan has no AWS access.\n\n");

        var byCategory = checks
            .GroupBy(c => c.Category)
            .OrderBy(g => IndexOf(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        md.Append("| id | title | severity | scope |\n|---|---|---|---|\n");
        foreach (var group in byCategory)
        {
            foreach (var c in group.OrderBy(c => c.Id, StringComparer.Ordinal))
                md.Append($"| [`{c.Id}`](#{Anchor(c.Id)}) | {Cell(c.Title)} | {c.DefaultSeverity} | {Scope(c)} |\n");
        }

        foreach (var group in byCategory)
        {
            md.Append($"\n## {group.Key}\n");
            foreach (var c in group.OrderBy(c => c.Id, StringComparer.Ordinal))
            {
                md.Append($"\n### {c.Id}\n\n");
                md.Append($"**{Text(c.Title)}**\n\n");
                md.Append($"- Category: `{c.Category}`\n");
                md.Append($"- Default severity: {c.DefaultSeverity}\n");
                md.Append($"- Scope: {Scope(c)}\n");
                md.Append($"- Reads: {(c.Sources.Count == 0 ? "nothing" : string.Join(", ", c.Sources.Select(s => $"`{s}`")))}\n\n");
                md.Append($"{Text(c.Description)}\n\n");
                md.Append($"**Remediation:** {Text(c.Remediation)}\n\n");
                md.Append("References:\n");
                foreach (var reference in c.References)
                    md.Append($"- {Text(reference)}\n");
            }
        }

        return md.ToString();
    }

    private static int IndexOf(string category)
    {
        var i = CheckCategory.All.ToList().IndexOf(category);
        return i < 0 ? int.MaxValue : i;
    }

    private static string Scope(CheckDescriptor c)
        => (c.ClusterScoped ? "cluster" : "namespace") + (c.RequiresAws ? ", AWS" : "");

    /// <summary>GitHub's heading anchor: lower case, punctuation other than '-' dropped.</summary>
    public static string Anchor(string id) => new([.. id.ToLowerInvariant().Where(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_')]);

    private static string Text(string value) => value.ReplaceLineEndings(" ").Trim();

    private static string Cell(string value) => Text(value).Replace("|", "\\|", StringComparison.Ordinal);
}
