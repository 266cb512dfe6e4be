using KubePosture.Runtime.Status;

namespace KubePosture.Runtime.Tests.Status;

public class ConditionMessageTests
{
    [Fact]
    public void Parts_that_fit_are_joined_whole()
    {
        Assert.Equal("a; b; c", ConditionMessage.Join(["a", "b", "c"]));
        Assert.Equal("", ConditionMessage.Join([]));
    }

    [Fact]
    public void Parts_beyond_the_limit_are_counted_not_cut()
    {
        var parts = Enumerable.Range(0, 120).Select(i => $"spec.severityOverrides[{i}]: " + new string('x', 10_000)).ToList();

        var message = ConditionMessage.Join(parts);

        Assert.True(message.Length <= ConditionMessage.MaxLength, $"{message.Length} characters");
        Assert.EndsWith("; (and 117 more)", message, StringComparison.Ordinal);
        Assert.StartsWith(parts[0] + "; " + parts[1] + "; " + parts[2] + "; (and", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_first_part_longer_than_the_limit_is_cut_and_says_so(int count)
    {
        var parts = Enumerable.Repeat(new string('y', 50_000), count).ToList();

        var message = ConditionMessage.Join(parts, maxLength: 100);

        Assert.True(message.Length <= 100, $"{message.Length} characters");
        Assert.Contains("...", message, StringComparison.Ordinal);
        Assert.Equal(count > 1, message.EndsWith($"(and {count} more)", StringComparison.Ordinal));
    }
}
