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
        using var queue = new WorkQueue<string>(_time, new RateLimiterOptions { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromSeconds(1), Burst = 1000 });

        var delays = Enumerable.Range(0, 9).Select(_ => queue.AddRateLimited("a")).ToList();

        Assert.Equal([10, 20, 40, 80, 160, 320, 640, 1000, 1000], delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(10), queue.AddRateLimited("b"));
        queue.Forget("a");
        Assert.Equal(0, queue.Failures("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), queue.AddRateLimited("a"));
    }

    [Fact]
    public void Overall_token_bucket_paces_retries_of_many_items_once_the_burst_is_spent()
    {
        var limiter = new RetryRateLimiter<int>(new RateLimiterOptions { BaseDelay = TimeSpan.FromMilliseconds(1), TokensPerSecond = 10, Burst = 3 }, _time);

        var delays = Enumerable.Range(0, 6).Select(limiter.When).ToList();

        // Within the burst the per-item backoff (1 ms) is the larger delay; after it the bucket paces at 10/s.
        Assert.Equal([1, 1, 1, 100, 200, 300], delays.Select(d => Math.Round(d.TotalMilliseconds)));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(1), limiter.When(100));
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
