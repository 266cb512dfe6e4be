using System.Text;
using KubePosture.Checks.Engine;

namespace KubePosture.Checks.Compliance;

/// <summary>
/// Renders docs/compliance.md from the framework catalog: how results are decided, then per framework a table of its
/// controls (responsibility, how assessed, checks or guidance) and the mapping rationale of every automated control,
/// then the checks that decide no control and why. <c>make docs</c> writes it; a drift test fails when it is stale.
/// </summary>
public static class ComplianceDocument
{
    public const string RelativePath = "docs/compliance.md";

    public static string Render() => Render(FrameworkCatalog.All, FrameworkCatalog.Unmapped);

    public static string Render(IReadOnlyList<ComplianceFramework> frameworks, IReadOnlyDictionary<string, string> unmapped)
    {
        var md = new StringBuilder();
        md.Append("# Compliance frameworks\n\n");
        md.Append("<!-- Generated from the framework catalog (operator/KubePosture.Checks/Compliance) by `make docs` (ComplianceDocument). Do not edit by hand. -->\n\n");
        md.Append("kubeposture reports its findings in the language of the frameworks auditors ask about, on the AWS shared ");
        md.Append("responsibility model: every control says who owns it on EKS and ECS (`aws`, `customer` or `shared`) and how it ");
        md.Append("is assessed. Select frameworks with `spec.compliance.frameworks` on a PostureScan or `--framework` offline.\n\n");
        md.Append("| framework | id | version | controls | automated | manual | aws-managed |\n|---|---|---|---|---|---|---|\n");
        foreach (var f in frameworks)
        {
            md.Append($"| [{Cell(f.Name)}](#{Anchor(f.Id)}) | `{f.Id}` | {f.Version} | {f.Controls.Count} | ")
              .Append($"{f.Controls.Count(c => c.Assessment is ControlAssessment.Automated)} | {f.Controls.Count(c => c.Assessment is ControlAssessment.Manual)} | ")
              .Append($"{f.Controls.Count(c => c.Assessment is ControlAssessment.AwsManaged)} |\n");
        }

        md.Append("\n## How a control's result is decided\n\n");
        md.Append("One function decides every result (`ComplianceEvaluator`), in this order for a control assessed by checks:\n\n");
        md.Append("1. **fail**: a check that decides it has an active finding (the result lists them), or findings the scan's minimum severity dropped. A known failure stands even when another of its checks did not run.\n");
        md.Append("2. **not-evaluated**: one of its checks did not run: a source was unavailable (403, not served, an AWS action denied), the check is cluster-scoped and the scan namespaced, it needs AWS and the scan has none, or the scan's `checks.include`/`exclude` left it out. Never a pass.\n");
        md.Append("3. **excepted**: every finding of its checks is suppressed by a PostureException (or an allowed exemption annotation).\n");
        md.Append("4. **pass**: every check that decides it ran and found nothing.\n\n");
        md.Append("Controls that no check can decide are never passed on our word:\n\n");
        md.Append("- **manual**: needs a person, a process or data kubeposture does not read (node files, log retention, a decision). The guidance says what to look at.\n");
        md.Append("- **aws-managed**: AWS's responsibility on EKS (the control plane: API server, etcd, their flags and TLS, the audit policy). ");
        md.Append("kubeposture cannot see inside it and does not claim it passes; the evidence is AWS's (AWS Artifact, the EKS shared responsibility model). ");
        md.Append("This is the honest answer to a CIS report whose control-plane section comes out \"PASS\" on a managed cluster.\n\n");
        md.Append("The **score** is floor(100 × (pass + excepted) / (pass + excepted + fail + not-evaluated)): the share of the controls kubeposture decides that are met, ");
        md.Append("with a control not evaluated counting against it. When no control was decided (every automated control went unevaluated) there is no score, ");
        md.Append("and that is not a pass. Manual and AWS-managed controls are counted but not scored.\n\n");
        md.Append("**Pod Security Standards** controls (`pss-baseline`, `pss-restricted`) are decided by the Pod Security evaluator, not by findings: ");
        md.Append("each workload in the scan's scope is checked at its namespace's enforce version (`pod-security.kubernetes.io/enforce-version`, latest when unpinned), ");
        md.Append("so a level's controls fail exactly the workloads admission at that level and version would reject, and a namespace pinned to a version without a control passes it. ");
        md.Append("A control **fails** when a failing workload is not wholly excepted, listing the findings of its checks that name the workloads; it is **not-evaluated** when a workload source was unreadable; ");
        md.Append("**excepted** when every failing workload's findings of the control's checks are suppressed by PostureExceptions. ");
        md.Append("Exceptions apply through findings: a workload that fails a control no check reports (`seLinuxOptions`, a restricted volume type other than hostPath, a default-set capability other than NET_BIND_SERVICE) has no finding to except and keeps the control failed; ");
        md.Append("to accept it, exempt the namespace from the level (its enforce label) or change the workload. Excluding a check from the scan does not change the result, only the findings listed.\n\n");
        md.Append("Some checks cover more than one control's concern; where a control needs only part of a check's findings the table says which (for example CIS 5.4.1 counts only an endpoint open to 0.0.0.0/0).\n");

        foreach (var f in frameworks)
        {
            md.Append($"\n## {f.Id}\n\n");
            md.Append($"**{Text(f.Title)}**. Source: {Text(f.Source)}\n\n");
            md.Append("| control | title | section | responsibility | assessed | checks or guidance |\n|---|---|---|---|---|---|\n");
            foreach (var c in f.Controls)
            {
                var (kind, what) = c.Assessment switch
                {
                    ControlAssessment.Automated a => ("automated",
                        (a.PodSecurity is { } pss ? $"Pod Security evaluator: {string.Join(" or ", pss.ControlIds.Select(id => $"`{id}`"))}{(a.CheckIds.Count > 0 ? "; findings: " : "; no check, no findings")}" : "")
                        + string.Join(", ", a.CheckIds.Select(id => $"[`{id}`](checks.md#{CheckReferenceDocument.Anchor(id)})"))
                        + (a.Filter is { } filter ? $" ({Cell(filter.Description)})" : "")),
                    ControlAssessment.Manual m => ("manual", Cell(m.Guidance)),
                    ControlAssessment.AwsManaged aws => ("aws-managed", Cell(aws.Note)),
                    _ => ("", ""),
                };
                md.Append($"| {Cell(c.Id)} | {Cell(c.Title)} | {Cell(c.Section)} | {c.Responsibility.Name()} | {kind} | {what} |\n");
            }

            md.Append("\nMapping rationale:\n\n");
            foreach (var c in f.Controls)
            {
                if (c.Assessment is ControlAssessment.Automated a)
                    md.Append($"- **{Text(c.Id)}**: {Text(a.Rationale)}\n");
            }
        }

        md.Append("\n## Checks that decide no control\n\n");
        md.Append("Every check decides at least one control of some framework, except these:\n\n| check | why |\n|---|---|\n");
        foreach (var (id, why) in unmapped)
            md.Append($"| [`{id}`](checks.md#{CheckReferenceDocument.Anchor(id)}) | {Cell(why)} |\n");
        return md.ToString();
    }

    private static string Anchor(string id) => CheckReferenceDocument.Anchor(id);

    private static string Text(string value) => value.ReplaceLineEndings(" ").Trim();

    private static string Cell(string value) => Text(value).Replace("|", "\\|", StringComparison.Ordinal);
}
