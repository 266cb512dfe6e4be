namespace KubePosture.Api.Tests;

public class DurationTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("6h", 21600)]
    [InlineData("7d", 604800)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d12h", 129600)]
    [InlineData("0s", 0)]
    public void Parses_integer_unit_pairs(string text, int seconds)
    {
        Assert.True(Duration.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("", "expected a duration")]
    [InlineData("6", "missing unit")]
    [InlineData("h", "expected a number at position 1")]
    [InlineData("6w", "unknown unit 'w'")]
    [InlineData("6H", "unknown unit 'H'")]
    [InlineData("1.5h", "unknown unit '.'")]
    [InlineData("-5m", "expected a number at position 1")]
    [InlineData("6h ", "expected a number at position 3")]
    [InlineData("99999d", "too long")]
    [InlineData("9999999999s", "number too large")]
    public void Rejects_malformed_text_saying_what_is_wrong(string text, string expected)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(300, "5m")]
    [InlineData(5400, "1h30m")]
    [InlineData(90061, "1d1h1m1s")]
    public void Formats_largest_units_first_and_round_trips(int seconds, string expected)
    {
        var text = Duration.Format(TimeSpan.FromSeconds(seconds));
        Assert.Equal(expected, text);
        Assert.Equal(TimeSpan.FromSeconds(seconds), Duration.Parse(text));
    }

    [Fact]
    public void Parse_throws_naming_the_text()
    {
        var e = Assert.Throws<FormatException>(() => Duration.Parse("soon"));
        Assert.Contains("\"soon\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_pattern_accepts_exactly_what_the_parser_accepts()
    {
        var regex = new System.Text.RegularExpressions.Regex(Duration.Pattern);
        foreach (var text in new[] { "30s", "6h", "1h30m", "7d", "6", "h", "6w", "1.5h", "", "6h " })
            Assert.Equal(regex.IsMatch(text), Duration.TryParse(text, out _, out _));
    }
}
