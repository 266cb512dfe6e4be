using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Tests.Semantics;

public sealed class BoundedMemoTests
{
    [Fact]
    public void Each_argument_is_computed_once_and_past_the_bound_computed_without_being_remembered()
    {
        var computed = new List<string>();
        var memo = new BoundedMemo<string, int>(s => { computed.Add(s); return s.Length; }, capacity: 2, StringComparer.Ordinal);

        Assert.Equal(1, memo["a"]);
        Assert.Equal(2, memo["bb"]);
        Assert.Equal(1, memo["a"]);
        Assert.Equal(["a", "bb"], computed);

        // Full: a new argument still gets its value, every time, and the remembered ones stay.
        Assert.Equal(3, memo["ccc"]);
        Assert.Equal(3, memo["ccc"]);
        Assert.Equal(2, memo["bb"]);
        Assert.Equal(["a", "bb", "ccc", "ccc"], computed);
    }
}
