using KubePosture.Checks.Model;

namespace KubePosture.Checks.Tests.Engine;

public sealed class FindingDetailsDictionaryTests
{
    private static readonly ResourceRef Pod = new("v1", "Pod", "team-a", "web");

    [Fact]
    public void A_finding_keeps_its_details_compactly_in_the_order_the_check_wrote_them()
    {
        var written = new Dictionary<string, string> { ["container"] = "main", ["field"] = "spec.containers[name=main].image" };
        written["container"] = "sidecar"; // overwritten before the finding is made: the last value counts
        var finding = new Finding("image.not-pinned", Severity.Medium, Pod, "message", written);

        var details = Assert.IsType<FindingDetailsDictionary>(finding.Details);
        Assert.Equal(["container", "field"], details.Keys);
        Assert.Equal("sidecar", details["container"]);
        Assert.True(details.TryGetValue("field", out var field));
        Assert.Equal("spec.containers[name=main].image", field);
        Assert.False(details.ContainsKey("Container")); // ordinal, as the dictionaries checks build
        Assert.Throws<KeyNotFoundException>(() => details["missing"]);
        Assert.Equal(written.ToList(), details.ToList());
    }

    [Fact]
    public void Details_set_with_a_with_expression_are_compacted_too_and_none_stay_none()
    {
        var finding = new Finding("x", Severity.Low, Pod, "m") with { Details = new Dictionary<string, string> { ["k"] = "v" } };
        Assert.IsType<FindingDetailsDictionary>(finding.Details);
        Assert.Same(finding.Details, FindingDetailsDictionary.From(finding.Details));
        Assert.Null(new Finding("x", Severity.Low, Pod, "m").Details);
    }

    [Fact]
    public void Findings_with_the_same_keys_in_the_same_order_share_one_key_array()
    {
        var a = new Finding("x", Severity.Low, Pod, "a", new Dictionary<string, string> { ["container"] = "main", ["field"] = "f1" });
        var b = new Finding("x", Severity.Low, Pod, "b", new Dictionary<string, string> { ["container"] = "side", ["field"] = "f2" });
        var reordered = new Finding("x", Severity.Low, Pod, "c", new Dictionary<string, string> { ["field"] = "f3", ["container"] = "main" });

        Assert.Same(a.Details!.Keys, b.Details!.Keys);
        Assert.NotSame(a.Details.Keys, reordered.Details!.Keys);
        Assert.Equal(["field", "container"], reordered.Details.Keys);
        Assert.Equal(["main", "f1"], a.Details.Values);
        Assert.Equal(["side", "f2"], b.Details.Values);
    }

    [Fact]
    public void Details_built_directly_keep_dictionary_meaning_and_share_keys_with_those_built_from_a_dictionary()
    {
        var builder = new FindingDetailsDictionary.Builder(2);
        builder.Set("container", "main");
        builder.Set("field", "f1");
        builder.Set("container", "sidecar"); // set twice: first position, last value
        builder.Set("image", "nginx"); // beyond the capacity it was sized for
        var built = builder.Build();
        var fromDictionary = new Finding("x", Severity.Low, Pod, "m", new Dictionary<string, string> { ["container"] = "a", ["field"] = "b", ["image"] = "c" });

        Assert.Equal(["container", "field", "image"], built.Keys);
        Assert.Equal(["sidecar", "f1", "nginx"], built.Values);
        Assert.Same(built.Keys, fromDictionary.Details!.Keys);
        Assert.Same(built, new Finding("x", Severity.Low, Pod, "m", built).Details);
    }

    [Fact]
    public void Entries_set_all_at_once_follow_their_order_and_override_earlier_values()
    {
        var builder = new FindingDetailsDictionary.Builder(1);
        builder.Set("field", "f1");
        builder.SetAll(new Dictionary<string, string> { ["image"] = "nginx", ["field"] = "f2" });
        builder.SetAll(null);

        var built = builder.Build();

        Assert.Equal(["field", "image"], built.Keys);
        Assert.Equal(["f2", "nginx"], built.Values);
    }
}
