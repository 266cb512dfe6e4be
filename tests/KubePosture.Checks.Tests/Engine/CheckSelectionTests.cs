using KubePosture.Checks.Engine;
using KubePosture.Checks.Model;
using static KubePosture.Checks.Tests.Engine.Fakes;

namespace KubePosture.Checks.Tests.Engine;

public class CheckSelectionTests
{
    private static readonly CheckDescriptor[] Known =
    [
        Descriptor("pod.privileged"),
        Descriptor("pod.host-path"),
        Descriptor("rbac.wildcard", category: CheckCategory.Rbac),
    ];

    [Fact]
    public void Valid_selection_has_no_errors()
    {
        var selection = new CheckSelection
        {
            Include = ["pod.*", "rbac", "pod.privileged"],
            Exclude = ["pod.host-path"],
            SeverityOverrides = new Dictionary<string, Severity> { ["pod.*"] = Severity.Low },
        };

        Assert.Empty(selection.Validate(Known));
    }

    [Fact]
    public void Unknown_names_are_reported_with_field_index_value_and_a_suggestion()
    {
        var selection = new CheckSelection
        {
            Include = ["pod.*", "rbac", "pod.privilegd"],
            Exclude = ["nope.*"],
            SeverityOverrides = new Dictionary<string, Severity> { ["pod.nope"] = Severity.Low },
        };

        var errors = selection.Validate(Known);

        Assert.Equal(
        [
            "spec.checks.include[2] \"pod.privilegd\": no check or category has that name; did you mean pod.privileged?",
            "spec.checks.exclude[0] \"nope.*\": the glob matches no check id; list the checks with `kubeposture scan --list-checks` or see docs/checks.md",
            "spec.severityOverrides[\"pod.nope\"]: no check has that id; list the checks with `kubeposture scan --list-checks` or see docs/checks.md",
        ], errors);
    }

    [Fact]
    public void Excluding_everything_included_is_an_error_and_field_names_can_be_changed()
    {
        var selection = new CheckSelection { Include = ["rbac"], Exclude = ["rbac.*"], IncludeField = "--checks", ExcludeField = "--skip" };

        Assert.Equal(["--skip: excludes every check that --checks selects; the scan would run nothing"], selection.Validate(Known));
    }

    [Fact]
    public void Validate_without_arguments_uses_the_catalog()
    {
        Assert.Equal(["spec.checks.include[0] \"pod.privileges\": no check or category has that name; did you mean pod.privileged?"],
            new CheckSelection { Include = ["pod.privileges"] }.Validate());
    }

    [Theory]
    [InlineData("pod.*", "pod.privileged", true)]
    [InlineData("pod.*", "rbac.wildcard", false)]
    [InlineData("*", "rbac.wildcard", true)]
    [InlineData("pod.host-???", "pod.host-pid", true)]
    [InlineData("pod.host-???", "pod.host-path", false)]
    [InlineData("*-path", "pod.host-path", true)]
    [InlineData("pod.privileged", "pod.privileged-x", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbY", false)]
    public void Globs_match_like_shell_patterns(string pattern, string value, bool expected)
        => Assert.Equal(expected, GlobPattern.IsMatch(pattern, value));
}
