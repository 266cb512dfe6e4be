using KubePosture.Inventory;
using KubePosture.Operator.Scans;
using Microsoft.Extensions.Time.Testing;

namespace KubePosture.Operator.Tests.Scan;

/// <summary>The change trigger's debounce on a fake clock: quiet period, maximum delay under churn, nothing when disabled.</summary>
public sealed class ChangeRescanTriggerTests
{
    private static readonly ChangeRescanPolicy Policy = new() { QuietPeriod = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), MinInterval = TimeSpan.FromSeconds(10) };

    private static k8s.Models.V1Namespace Ns(string name, string rv, string? label = null) =>
        new() { ApiVersion = "v1", Kind = "Namespace", Metadata = new k8s.Models.V1ObjectMeta { Name = name, ResourceVersion = rv, Labels = label is null ? null : new Dictionary<string, string> { ["round"] = label } } };

    [Fact]
    public void A_burst_of_changes_fires_once_after_a_quiet_second()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T00:00:00Z"));
        var store = new InventoryStore();
        var fired = 0;
        using var trigger = new ChangeRescanTrigger(store, Policy, time, () => fired++);

        store.Upsert(Ns("a", "1"));
        time.Advance(TimeSpan.FromMilliseconds(400));
        store.Upsert(Ns("b", "2"));
        time.Advance(TimeSpan.FromMilliseconds(900)); // 1.3 s after the first, 0.9 s after the last: not quiet yet
        Assert.Equal(0, fired);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, fired);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Constant_churn_fires_no_later_than_the_maximum_delay()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T00:00:00Z"));
        var store = new InventoryStore();
        var firedAt = new List<DateTimeOffset>();
        using var trigger = new ChangeRescanTrigger(store, Policy, time, () => firedAt.Add(time.GetUtcNow()));
        var start = time.GetUtcNow();

        for (var i = 0; i < 70; i++)
        {
            var round = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            store.Upsert(Ns("churn", round, label: round));
            time.Advance(TimeSpan.FromMilliseconds(100)); // a change every 100 ms (a label each time): never quiet
        }

        Assert.NotEmpty(firedAt);
        Assert.Equal(start + Policy.MaxDelay, firedAt[0]);
        Assert.All(firedAt.Zip(firedAt.Skip(1)), p => Assert.True(p.Second - p.First <= Policy.MaxDelay + TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void Unchanged_objects_and_a_disabled_policy_fire_nothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T00:00:00Z"));
        var store = new InventoryStore();
        store.Upsert(Ns("a", "1"));
        var fired = 0;
        using var trigger = new ChangeRescanTrigger(store, Policy, time, () => fired++);
        store.Upsert(Ns("a", "1")); // a watch restart delivering the same object
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, fired);

        using var off = new ChangeRescanTrigger(store, Policy with { Enabled = false }, time, () => fired++);
        trigger.Dispose();
        var version = store.Version;
        store.Upsert(Ns("a", "2", label: "changed"));
        Assert.True(store.Version > version, "a real change, which a disabled policy ignores");
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, fired);
    }

    [Fact]
    public void The_minimum_interval_grows_with_a_slow_scan()
    {
        var completed = DateTimeOffset.Parse("2026-11-28T00:00:00Z");
        Assert.Equal(completed + TimeSpan.FromSeconds(10), Policy.NextAllowed(completed, TimeSpan.FromSeconds(2)));
        Assert.Equal(completed + TimeSpan.FromSeconds(60), Policy.NextAllowed(completed, TimeSpan.FromSeconds(30)));
    }
}
