namespace KubePosture.Api.Tests;

/// <summary>spec.compliance.frameworks: known ids only, each once; an unknown id is named with the closest known one.</summary>
public class ComplianceSpecValidationTests
{
    private static readonly string[] Frameworks = ["cis-eks", "nsa-cisa", "pss-baseline", "pss-restricted", "aws-fsbp"];

    private static IReadOnlyList<ValidationIssue> Validate(params string[] ids) =>
        PostureScanValidator.Validate(new PostureScanSpec { Compliance = new ComplianceSpec { Frameworks = [.. ids] } }, Catalog.CheckIds, Catalog.Categories, Catalog.Now, knownFrameworkIds: Frameworks);

    [Fact]
    public void Known_frameworks_are_valid() => Assert.Empty(Validate("cis-eks", "pss-restricted"));

    [Theory]
    [InlineData("cis-ekz", "cis-eks")]
    [InlineData("CIS-EKS", "cis-eks")]
    [InlineData("nsa", "nsa-cisa")]
    [InlineData("fsbp", "aws-fsbp")]
    public void An_unknown_id_is_an_error_naming_the_closest_id(string id, string closest)
    {
        var issue = Assert.Single(Validate("cis-eks", id).Errors());
        Assert.Equal($"spec.compliance.frameworks[1] \"{id}\": unknown framework; did you mean \"{closest}\"? Known: cis-eks, nsa-cisa, pss-baseline, pss-restricted, aws-fsbp", issue.ToString());
    }

    [Fact]
    public void A_framework_listed_twice_is_an_error()
        => Assert.Equal("spec.compliance.frameworks[1] \"cis-eks\": listed twice; list each framework once", Assert.Single(Validate("cis-eks", "cis-eks")).ToString());

    [Fact]
    public void Without_the_known_ids_only_duplicates_are_checked()
        => Assert.Empty(PostureScanValidator.Validate(new PostureScanSpec { Compliance = new ComplianceSpec { Frameworks = ["anything"] } }, Catalog.CheckIds, Catalog.Categories, Catalog.Now));
}
