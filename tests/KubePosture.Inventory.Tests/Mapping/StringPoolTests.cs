using KubePosture.Checks.Inventory;
using KubePosture.Inventory.Mapping;

namespace KubePosture.Inventory.Tests.Mapping;

public class StringPoolTests
{
    [Fact]
    public void Equal_values_share_one_instance()
    {
        var pool = new StringPool();
        var first = pool.Intern(new string("team-a".AsSpan()));

        var second = pool.Intern(new string("team-a".AsSpan()));

        Assert.Same(first, second);
        Assert.Same(pool.Intern(new RunningImage("app", "nginx:1.27", "sha256:1")), pool.Intern(new RunningImage("app", "nginx:1.27", "sha256:1")));
        Assert.Same(pool.Intern([new RunningImage("app", "nginx:1.27", null)]), pool.Intern([new RunningImage("app", "nginx:1.27", null)]));
        Assert.Same(string.Empty, pool.Intern(""));
    }

    [Fact]
    public void Churn_does_not_grow_the_pool_past_two_generations()
    {
        var pool = new StringPool(minimumGeneration: 1_000);

        // A year of a CronJob every minute: every Job and pod brings names never seen again.
        for (var i = 0; i < 525_600; i++)
            pool.Intern($"backup-{i}");

        Assert.InRange(pool.Count, 1, 2_000);
        Assert.True(pool.Retired >= 500, $"retired {pool.Retired} generations");
        Assert.False(pool.Contains("backup-0"));
        Assert.True(pool.Contains("backup-525599"));
    }

    [Fact]
    public void Values_in_use_keep_their_instance_across_generations_even_when_more_than_a_generation()
    {
        var pool = new StringPool(minimumGeneration: 100);
        var live = new List<string>();

        // A growing cluster: each round maps every live object again (their values are asked for), adds 20 values
        // that stay in use until the live set reaches 1,000, and brings 50 values never seen again.
        for (var round = 0; round < 200; round++)
        {
            for (var i = 0; i < live.Count; i++)
                Assert.Same(live[i], pool.Intern(new string($"label-{i}".AsSpan())));
            var end = Math.Min(1_000, live.Count + 20);
            for (var i = live.Count; i < end; i++)
                live.Add(pool.Intern($"label-{i}"));
            for (var i = 0; i < 50; i++)
                pool.Intern($"churn-{round}-{i}");
        }

        Assert.Equal(1_000, live.Count);
        Assert.True(pool.Retired >= 5, $"retired {pool.Retired} generations");
        // A generation lives until it took in as many new values as it carried over, so the pool stays within a few
        // times the live set, however long the churn goes on.
        Assert.InRange(pool.Count, 1_000, 4 * (1_000 + 50));
    }

    [Fact]
    public void Values_asked_for_less_often_than_a_generation_are_shared_only_within_it()
    {
        var pool = new StringPool(minimumGeneration: 100);
        var first = Enumerable.Range(0, 1_000).Select(i => pool.Intern($"name-{i}")).ToArray();

        var second = Enumerable.Range(0, 1_000).Select(i => pool.Intern(new string($"name-{i}".AsSpan()))).ToArray();

        // The pool stays bounded rather than keeping every value: a cycle of 1,000 values through 100-value
        // generations finds none of them again (copies, not a leak).
        Assert.All(Enumerable.Range(0, 1_000), i => Assert.NotSame(first[i], second[i]));
        Assert.InRange(pool.Count, 1, 200);
    }

    [Fact]
    public void A_value_no_one_asked_for_in_two_generations_leaves_the_pool()
    {
        var pool = new StringPool(minimumGeneration: 10);
        var old = pool.Intern(new string("ip-10-0-0-1.ec2.internal".AsSpan()));

        for (var i = 0; i < 25; i++)
            pool.Intern($"new-{i}");

        Assert.False(pool.Contains(old));
        var again = pool.Intern(new string("ip-10-0-0-1.ec2.internal".AsSpan()));
        Assert.NotSame(old, again);
        Assert.Equal(old, again);
    }

    [Fact]
    public void Concurrent_interning_shares_instances()
    {
        var pool = new StringPool(minimumGeneration: 64);
        var results = new string[8][];

        Parallel.For(0, 8, t => results[t] = [.. Enumerable.Range(0, 40).Select(i => pool.Intern(new string($"ns-{i}".AsSpan())))]);

        for (var i = 0; i < 40; i++)
            Assert.All(results, r => Assert.Same(results[0][i], r[i]));
    }

    [Fact]
    public void A_generation_size_below_one_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StringPool(minimumGeneration: 0));
}
