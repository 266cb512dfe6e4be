using KubePosture.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace KubePosture.Runtime.Tests.Queue;

public class WorkQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    [Fact]
    public async Task Key_added_twice_while_queued_is_handed_out_once()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.Equal(2, queue.Depth);
        Assert.Equal((true, "a"), await queue.GetAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken));
        Assert.Equal((true, "b"), await queue.GetAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task Key_added_while_processing_is_not_handed_out_until_done_then_exactly_once()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var (_, first) = await queue.GetAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        queue.Add("a");
        queue.Add("a");
        var second = queue.GetAsync(TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted, "the same key must never be processed concurrently");
        Assert.Equal(0, queue.Depth);

        queue.Done(first);
        Assert.Equal((true, "a"), await second.WaitAsync(Bound, TestContext.Current.CancellationToken));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task AddAfter_hands_the_key_out_only_when_the_delay_has_passed()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        var get = queue.GetAsync(TestContext.Current.CancellationToken);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(get.IsCompleted);
        Assert.Equal(1, queue.Waiting);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((true, "a"), await get.WaitAsync(Bound, TestContext.Current.CancellationToken));
        Assert.Equal(0, queue.Waiting);
    }

    [Fact]
    public async Task An_earlier_delayed_add_replaces_a_later_one_and_a_later_one_is_ignored()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromMinutes(10));
        queue.AddAfter("a", TimeSpan.FromMinutes(1));
        queue.AddAfter("a", TimeSpan.FromMinutes(5));
        var get = queue.GetAsync(TestContext.Current.CancellationToken);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((true, "a"), await get.WaitAsync(Bound, TestContext.Current.CancellationToken));
        queue.Done("a");

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, queue.Depth);
        Assert.Equal(0, queue.Waiting);
    }

    [Fact]
    public void Rate_limited_retries_back_off_exponentially_per_item_and_Forget_starts_over()
    {
        using var queue = new WorkQueue<string>(_time, new RateLimiterOptions { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromSeconds(1) });

        var delays = Enumerable.Range(0, 9).Select(_ => queue.AddRateLimited("a")).ToList();

        Assert.Equal([10, 20, 40, 80, 160, 320, 640, 1000, 1000], delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(10), queue.AddRateLimited("b"));
        queue.Forget("a");
        Assert.Equal(0, queue.Failures("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), queue.AddRateLimited("a"));
    }

    [Fact]
    public void One_key_failing_in_a_loop_never_delays_another_key_and_no_delay_exceeds_the_maximum()
    {
        // Issue 15 point 2: after a hot loop on one key, another key's first retry waited 37 minutes.
        var options = new RateLimiterOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromSeconds(1000) };
        var limiter = new RetryRateLimiter<string>(options);

        var hot = Enumerable.Range(0, 20_000).Select(_ => limiter.When("poisoned")).ToList();

        Assert.All(hot, d => Assert.InRange(d, TimeSpan.Zero, options.MaxDelay));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("other"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), limiter.When("other"));
    }

    [Fact]
    public void Retry_after_from_the_server_is_honoured_and_capped_at_the_maximum_delay()
    {
        var limiter = new RetryRateLimiter<string>(new RateLimiterOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromSeconds(60) });

        Assert.Equal(TimeSpan.FromSeconds(10), limiter.When("a", TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(60), limiter.When("a", TimeSpan.FromHours(5)));
        // A hint shorter than the backoff does not shorten it.
        Assert.Equal(TimeSpan.FromMilliseconds(20), limiter.When("a", TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void A_delay_beyond_what_a_timer_accepts_is_armed_without_throwing()
    {
        // Issue 15 point 3: interval 60d threw from the timer (dueTime over 2^32-2 ms) on every requeue.
        using var queue = new WorkQueue<string>(TimeProvider.System);

        queue.AddAfter("a", TimeSpan.FromDays(60));
        queue.AddAfter("b", TimeSpan.MaxValue);

        Assert.Equal(2, queue.Waiting);
    }

    [Fact]
    public async Task A_long_delay_waits_in_steps_and_fires_exactly_when_due()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromDays(60));
        var get = queue.GetAsync(TestContext.Current.CancellationToken);

        for (var day = 0; day < 59; day++)
            _time.Advance(TimeSpan.FromDays(1));
        _time.Advance(TimeSpan.FromHours(23));
        Assert.False(get.IsCompleted);
        Assert.Equal(1, queue.Waiting);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal((true, "a"), await get.WaitAsync(Bound, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ShutDown_releases_waiting_consumers_and_drops_new_keys()
    {
        using var queue = new WorkQueue<string>(_time);
        var get = queue.GetAsync(TestContext.Current.CancellationToken);
        queue.AddAfter("later", TimeSpan.FromSeconds(5));

        queue.ShutDown();
        queue.Add("x");
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal((false, (string)null!), await get.WaitAsync(Bound, TestContext.Current.CancellationToken));
        Assert.Equal(0, queue.Depth);
        Assert.False((await queue.GetAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken)).Got);
    }

    [Fact]
    public async Task Concurrent_producers_and_consumers_never_process_one_key_twice_at_once()
    {
        using var queue = new WorkQueue<int>(_time);
        var active = new HashSet<int>();
        var overlaps = 0;
        var processed = 0;
        var gate = new Lock();
        using var stop = new CancellationTokenSource();

        async Task Consume()
        {
            while (true)
            {
                var (got, key) = await queue.GetAsync(stop.Token);
                if (!got)
                {
                    return;
                }

                lock (gate)
                {
                    if (!active.Add(key))
                    {
                        overlaps++;
                    }
                }

                await Task.Yield();
                lock (gate)
                {
                    active.Remove(key);
                    processed++;
                }

                queue.Done(key);
            }
        }

        var consumers = Enumerable.Range(0, 4).Select(_ => Task.Run(Consume, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                queue.Add(i % 7);
            }
        }, TestContext.Current.CancellationToken)));

        while (queue.Depth > 0)
        {
            await Task.Yield();
        }

        queue.ShutDown();
        await Task.WhenAll(consumers).WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal(0, overlaps);
        Assert.True(processed >= 7, $"processed {processed}");
    }
}
