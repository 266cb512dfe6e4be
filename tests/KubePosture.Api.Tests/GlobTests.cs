namespace KubePosture.Api.Tests;

public class GlobTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("*", "", true)]
    [InlineData("pod.*", "pod.privileged", true)]
    [InlineData("pod.*", "rbac.cluster-admin-binding", false)]
    [InlineData("team-?", "team-a", true)]
    [InlineData("team-?", "team-ab", false)]
    [InlineData("kube-*", "kube-system", true)]
    [InlineData("*-prod", "payments-prod", true)]
    [InlineData("*-prod", "payments-prod-eu", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbYd", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "Exact", false)]
    [InlineData("**", "x", true)]
    [InlineData("a*", "", false)]
    public void Matches_like_a_shell(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, text));

    [Fact]
    public void Pathological_patterns_stay_fast()
    {
        var text = new string('a', 10_000);
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(Glob.IsMatch("*a*a*a*a*a*a*a*b", text));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }
}
