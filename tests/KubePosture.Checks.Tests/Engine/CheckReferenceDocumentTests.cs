using KubePosture.Checks.Engine;
using static KubePosture.Checks.Tests.Engine.Fakes;

namespace KubePosture.Checks.Tests.Engine;

/// <summary>
/// docs/checks.md is generated from the descriptors. This test fails when the committed file is stale; with
/// KUBEPOSTURE_WRITE_DOCS=1 (what <c>make docs</c> sets) it rewrites the file instead.
/// </summary>
public class CheckReferenceDocumentTests
{
    [Fact]
    public void Docs_checks_md_matches_the_catalog()
    {
        var path = Path.Combine(RepositoryRoot.Path, CheckReferenceDocument.RelativePath);
        var expected = CheckReferenceDocument.Render();
        if (Environment.GetEnvironmentVariable("KUBEPOSTURE_WRITE_DOCS") == "1")
            File.WriteAllText(path, expected);

        Assert.True(File.Exists(path), $"{CheckReferenceDocument.RelativePath} is missing; run `make docs`");
        Assert.True(expected == File.ReadAllText(path), $"{CheckReferenceDocument.RelativePath} is out of date with the check descriptors; run `make docs` and commit it");
    }

    [Fact]
    public void Every_check_has_a_section_with_its_texts()
    {
        var descriptors = new[] { Descriptor("pod.a|b"), Descriptor("rbac.x", category: "rbac", clusterScoped: true, requiresAws: true) };

        var markdown = CheckReferenceDocument.Render(descriptors);

        Assert.Contains("| [`pod.a|b`](#podab) | title of pod.a\\|b | High | namespace |", markdown);
        Assert.Contains("| [`rbac.x`](#rbacx) | title of rbac.x | High | cluster, AWS |", markdown);
        Assert.Contains("\n## pod-security\n\n### pod.a|b\n", markdown);
        Assert.Contains("**Remediation:** remediation", markdown);
        Assert.True(markdown.IndexOf("## pod-security", StringComparison.Ordinal) < markdown.IndexOf("## rbac", StringComparison.Ordinal));
    }
}
