using System.Globalization;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Model;
using static KubePosture.Checks.Tests.Engine.Fakes;

namespace KubePosture.Checks.Tests.Engine;

public sealed class FindingMessageTests
{
    private static readonly ResourceRef Pod = new("v1", "Pod", "team-a", "web");

    [Fact]
    public void A_message_written_as_an_interpolated_string_renders_exactly_as_string_interpolation_does()
    {
        string? none = null;
        var count = 3;
        var ratio = 0.25;
        var when = new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.Zero);
        var inner = FindingMessage.Of($"image {"repo/app"}:{count} is not pinned");

        var finding = new Finding("x", Severity.Low, Pod,
            $"[{count}] {ratio:P0} {when:O} {count,4}|{"left",-6}|{ratio,8:F3} {Severity.High} {'c'} {none}{inner} {"span".AsSpan()} {(object)7}");

        var expected = string.Create(CultureInfo.CurrentCulture,
            $"[{count}] {ratio:P0} {when:O} {count,4}|{"left",-6}|{ratio,8:F3} {Severity.High} {'c'} {none}image repo/app:3 is not pinned {"span".AsSpan()} {(object)7}");
        Assert.Equal(expected, finding.Message);
        Assert.Equal(expected.Length, finding.Text.Length);
    }

    [Fact]
    public void Messages_with_the_same_text_are_equal_and_hash_alike_however_they_were_split()
    {
        var name = "web";
        var whole = new FindingMessage("Deployment web: container \"main\" runs privileged");
        var pieces = FindingMessage.Of($"Deployment {name}: container \"{"main"}\" runs {"privileged"}");
        var otherSplit = FindingMessage.Of($"{"Deployment web: "}{"container \"main\" runs privileged"}");

        Assert.Equal(whole, pieces);
        Assert.Equal(pieces, otherSplit);
        Assert.Equal(whole.GetHashCode(), pieces.GetHashCode());
        Assert.Equal(whole.GetHashCode(), otherSplit.GetHashCode());
        Assert.NotEqual(whole, FindingMessage.Of($"Deployment {name}: container \"{"main"}\" runs {"privileged!"}"));
        Assert.NotEqual(whole, FindingMessage.Of($"Deployment {name}"));
        Assert.Equal(new Finding("c", Severity.High, Pod, whole), new Finding("c", Severity.High, Pod, pieces));
    }

    [Theory]
    [InlineData("abc", "abd")]
    [InlineData("ab", "abc")]
    [InlineData("abc", "abc")]
    [InlineData("", "a")]
    [InlineData("Zebra", "apple")] // ordinal: upper case sorts before lower case
    [InlineData("a\u00e9", "az")]
    public void Messages_order_as_their_rendered_texts_order_ordinally(string left, string right)
    {
        var a = FindingMessage.Of($"{left[..(left.Length / 2)]}{left[(left.Length / 2)..]}");
        var b = FindingMessage.Of($"{right}{""}");

        Assert.Equal(Math.Sign(string.CompareOrdinal(left, right)), Math.Sign(a.CompareTo(b)));
        Assert.Equal(Math.Sign(string.CompareOrdinal(right, left)), Math.Sign(b.CompareTo(a)));
        Assert.Equal(Math.Sign(string.CompareOrdinal(left, right)), Math.Sign(new FindingMessage(left).CompareTo(b)));
    }

    [Fact]
    public void The_engine_collapses_duplicates_and_orders_by_message_text_whatever_the_pieces()
    {
        var web = Deployment("a", "web");
        var container = "main";
        var check = Check("pod.dup",
            new Finding("pod.dup", Severity.Medium, web, $"container \"{container}\" runs as root"),
            new Finding("pod.dup", Severity.High, web, "container \"main\" runs as root"),
            new Finding("pod.dup", Severity.High, web, $"container \"{"init"}\" runs as root"));

        var result = CheckEngine.Run([check], MakeInventory(), CheckSelection.All);

        Assert.Equal(
            [(Severity.High, "container \"init\" runs as root"), (Severity.High, "container \"main\" runs as root")],
            result.Findings.Select(f => (f.Severity, f.Message)));
    }

    [Fact]
    public void A_with_expression_replaces_the_message_and_an_empty_one_renders_empty()
    {
        var finding = new Finding("x", Severity.Low, Pod, $"{"a"}{"b"}") with { Message = "replaced" };

        Assert.Equal("replaced", finding.Message);
        Assert.Equal(string.Empty, default(FindingMessage).ToString());
        Assert.Equal(0, default(FindingMessage).Length);
        Assert.Equal(new FindingMessage(""), default);
        Assert.Equal(string.Empty, new Finding("x", Severity.Low, Pod, $"{""}{(string?)null}").Message);
    }
}
