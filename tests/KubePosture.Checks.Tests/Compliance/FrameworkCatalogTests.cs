using KubePosture.Checks.Compliance;
using KubePosture.Checks.Engine;

namespace KubePosture.Checks.Tests.Compliance;

/// <summary>The framework catalog is complete, consistent with the check catalog, and its docs are current.</summary>
public class FrameworkCatalogTests
{
    /// <summary>Every recommendation of aquasecurity/kube-bench cfg/eks-1.8.0 (node, controlplane, policies, managedservices), plus "1" for the empty control plane section.</summary>
    private static readonly string[] CisEks180 =
    [
        "1",
        "2.1.1", "2.1.2",
        "3.1.1", "3.1.2", "3.1.3", "3.1.4",
        "3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.2.5", "3.2.6", "3.2.7", "3.2.8", "3.2.9",
        "4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.1.5", "4.1.6", "4.1.7", "4.1.8", "4.1.9", "4.1.10", "4.1.11", "4.1.12",
        "4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.2.5",
        "4.3.1", "4.3.2",
        "4.4.1", "4.4.2",
        "4.5.1", "4.5.2",
        "5.1.1", "5.1.2", "5.1.3", "5.1.4",
        "5.2.1",
        "5.3.1",
        "5.4.1", "5.4.2", "5.4.3", "5.4.4", "5.4.5",
        "5.5.1",
    ];

    public static TheoryData<string> FrameworkIds => [.. FrameworkCatalog.Ids];

    [Fact]
    public void Cis_eks_lists_every_kube_bench_eks_1_8_0_control_once_in_order()
    {
        var cis = FrameworkCatalog.Find("cis-eks")!;
        Assert.Equal("1.8.0", cis.Version);
        Assert.Equal(CisEks180, cis.Controls.Select(c => c.Id));
    }

    [Fact]
    public void Cis_eks_sections_are_the_benchmark_numbers_of_their_controls()
    {
        foreach (var c in FrameworkCatalog.Find("cis-eks")!.Controls)
        {
            var number = c.Section.Split(' ')[0];
            Assert.True(c.Id == number || c.Id.StartsWith(number + ".", StringComparison.Ordinal), $"{c.Id} is filed under section {c.Section}");
        }
    }

    [Fact]
    public void Cis_eks_control_plane_is_aws_managed_and_nothing_aws_managed_is_customer_owned()
    {
        var cis = FrameworkCatalog.Find("cis-eks")!;
        Assert.IsType<ControlAssessment.AwsManaged>(cis.Controls.Single(c => c.Id == "1").Assessment);
        Assert.All(FrameworkCatalog.All.SelectMany(f => f.Controls).Where(c => c.Assessment is ControlAssessment.AwsManaged),
            c => Assert.Equal(Responsibility.Aws, c.Responsibility));
    }

    [Fact]
    public void Framework_ids_are_unique_and_well_formed()
    {
        Assert.Equal(FrameworkCatalog.Ids.Count, FrameworkCatalog.Ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(FrameworkCatalog.Ids, id => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", id));
    }

    [Theory]
    [MemberData(nameof(FrameworkIds))]
    public void Control_ids_are_unique_within_a_framework_and_every_control_is_described(string id)
    {
        var framework = FrameworkCatalog.Find(id)!;
        Assert.NotEmpty(framework.Controls);
        var duplicates = framework.Controls.GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(duplicates.Length == 0, $"{id}: duplicate control ids {string.Join(", ", duplicates)}");
        Assert.All(framework.Controls, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Title), $"{id} {c.Id}: title");
            Assert.False(string.IsNullOrWhiteSpace(c.Section), $"{id} {c.Id}: section");
            var text = c.Assessment switch
            {
                ControlAssessment.Automated a => a.Rationale,
                ControlAssessment.Manual m => m.Guidance,
                ControlAssessment.AwsManaged aws => aws.Note,
                _ => "",
            };
            Assert.True(text.Length >= 30, $"{id} {c.Id}: rationale, guidance or note too short");
        });
    }

    [Theory]
    [MemberData(nameof(FrameworkIds))]
    public void Every_automated_control_names_existing_checks(string id)
    {
        Assert.All(FrameworkCatalog.Find(id)!.Controls.Where(c => c.Assessment is ControlAssessment.Automated), c =>
        {
            if (c.Assessment is not ControlAssessment.Automated { PodSecurity: not null })
                Assert.NotEmpty(c.CheckIds); // a Pod Security control is decided by the evaluator even where no check reports it
            Assert.All(c.CheckIds, check => Assert.True(CheckCatalog.Find(check) is not null, $"{id} {c.Id}: no check {check}"));
            Assert.Equal(c.CheckIds.Count, c.CheckIds.Distinct(StringComparer.Ordinal).Count());
        });
    }

    [Fact]
    public void Every_check_maps_to_a_control_or_says_why_not_and_never_both()
    {
        var mapped = FrameworkCatalog.All.SelectMany(f => f.Controls).SelectMany(c => c.CheckIds).ToHashSet(StringComparer.Ordinal);
        var silent = CheckCatalog.Descriptors.Select(d => d.Id).Where(id => !mapped.Contains(id) && !FrameworkCatalog.Unmapped.ContainsKey(id)).ToArray();
        Assert.True(silent.Length == 0, "checks that decide no control and do not say why (FrameworkCatalog.Unmapped): " + string.Join(", ", silent));
        var both = FrameworkCatalog.Unmapped.Keys.Where(mapped.Contains).ToArray();
        Assert.True(both.Length == 0, "listed as unmapped but decide a control: " + string.Join(", ", both));
        Assert.All(FrameworkCatalog.Unmapped, u =>
        {
            Assert.True(CheckCatalog.Find(u.Key) is not null, $"unmapped entry {u.Key} names no check");
            Assert.True(u.Value.Length >= 30, $"{u.Key}: reason too short");
        });
    }

    /// <summary>
    /// A check's "CIS EKS Benchmark N" reference names a control of the catalog's version, and when that control is
    /// automated the check is one that decides it (a reference to a manual control is a pointer, which is allowed).
    /// </summary>
    [Fact]
    public void Cis_references_in_check_descriptors_agree_with_the_catalog()
    {
        var cis = FrameworkCatalog.Find("cis-eks")!.Controls.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var d in CheckCatalog.Descriptors)
        {
            foreach (var reference in d.References.Where(r => r.StartsWith("CIS EKS Benchmark ", StringComparison.Ordinal)))
            {
                var id = reference["CIS EKS Benchmark ".Length..].Split(' ')[0];
                if (!cis.TryGetValue(id, out var control))
                    problems.Add($"{d.Id}: {reference} is no control of CIS EKS {FrameworkCatalog.Find("cis-eks")!.Version}");
                else if (control.Assessment is ControlAssessment.Automated && !control.CheckIds.Contains(d.Id))
                    problems.Add($"{d.Id}: {reference} is decided by {string.Join(", ", control.CheckIds)}, not by this check");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Pss_restricted_holds_baseline_with_its_stricter_capabilities_and_seccomp()
    {
        var baseline = FrameworkCatalog.Find("pss-baseline")!.Controls.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var restricted = FrameworkCatalog.Find("pss-restricted")!.Controls.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(["capabilities_baseline", "hostPathVolumes", "procMount", "seccompProfile_baseline"], baseline.Except(restricted).Order(StringComparer.Ordinal));
        Assert.Equal(["allowPrivilegeEscalation", "capabilities_restricted", "procMount_restricted", "restrictedVolumes", "runAsNonRoot", "runAsUser", "seccompProfile_restricted"],
            restricted.Except(baseline).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_unknown_framework_id_names_the_field_and_the_closest_id()
    {
        var errors = FrameworkCatalog.Validate(["cis-eks", "cis-ekss", "pss-restrcted", "cis-eks"], "spec.compliance.frameworks");
        Assert.Equal(
        [
            "spec.compliance.frameworks[1] \"cis-ekss\": unknown framework; did you mean cis-eks? Known: cis-eks, nsa-cisa, pss-baseline, pss-restricted, aws-fsbp",
            "spec.compliance.frameworks[2] \"pss-restrcted\": unknown framework; did you mean pss-restricted? Known: cis-eks, nsa-cisa, pss-baseline, pss-restricted, aws-fsbp",
            "spec.compliance.frameworks[3] \"cis-eks\": listed twice; list each framework once",
        ], errors);
        Assert.Empty(FrameworkCatalog.Validate(FrameworkCatalog.Ids, "f"));
        Assert.Equal("nsa-cisa", FrameworkCatalog.Closest("NSA"));
    }

    /// <summary>docs/compliance.md is generated; with KUBEPOSTURE_WRITE_DOCS=1 (<c>make docs</c>) this rewrites it.</summary>
    [Fact]
    public void Docs_compliance_md_matches_the_catalog()
    {
        var path = Path.Combine(RepositoryRoot.Path, ComplianceDocument.RelativePath);
        var expected = ComplianceDocument.Render();
        if (Environment.GetEnvironmentVariable("KUBEPOSTURE_WRITE_DOCS") == "1")
            File.WriteAllText(path, expected);

        Assert.True(File.Exists(path), $"{ComplianceDocument.RelativePath} is missing; run `make docs`");
        Assert.True(expected == File.ReadAllText(path), $"{ComplianceDocument.RelativePath} is out of date with the framework catalog; run `make docs` and commit it");
    }

    [Fact]
    public void The_document_has_a_table_row_per_control_and_a_rationale_per_automated_control()
    {
        var md = ComplianceDocument.Render();
        foreach (var f in FrameworkCatalog.All)
        {
            Assert.Contains($"\n## {f.Id}\n", md, StringComparison.Ordinal);
            var section = md[md.IndexOf($"\n## {f.Id}\n", StringComparison.Ordinal)..];
            Assert.All(f.Controls, c => Assert.Contains($"\n| {c.Id.Replace("|", "\\|", StringComparison.Ordinal)} | ", section, StringComparison.Ordinal));
            Assert.All(f.Controls.Where(c => c.Assessment is ControlAssessment.Automated), c => Assert.Contains($"\n- **{c.Id}**: ", section, StringComparison.Ordinal));
        }
    }
}
