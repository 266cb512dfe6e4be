using System.Collections.Concurrent;
using System.Threading.Channels;
using k8s.Models;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Controllers;
using KubePosture.Runtime.Informers;
using KubePosture.Runtime.Queue;
using KubePosture.Runtime.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubePosture.Runtime.Tests.Controllers;

public sealed class ControllerTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly ScriptedSource _source = new();
    private readonly ScriptedReconciler _reconciler = new();
    private readonly RecordingObserver _observer = new();
    private readonly CancellationTokenSource _stop = new();
    private Controller<V1Pod>? _controller;
    private Task? _run;

    private async Task<WatchSession> StartAsync(int workers = 1, params V1Pod[] initial) => await StartAsync(workers, null, initial);

    private async Task<WatchSession> StartAsync(int workers, Task? startWorkersAfter, params V1Pod[] initial)
    {
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("1", null, initial));
        var informer = new Informer<V1Pod>(_source, new InformerOptions(), _time, NullLogger.Instance);
        var cache = new ObjectCache<V1Pod>();
        informer.AddHandler(cache);
        _controller = new Controller<V1Pod>(
            new ControllerOptions { Name = "test", Workers = workers, ResyncPeriod = TimeSpan.FromMinutes(10), RateLimiter = new RateLimiterOptions { BaseDelay = TimeSpan.FromSeconds(1) } },
            informer, cache, _reconciler, _time, NullLogger.Instance, _observer);
        _run = _controller.RunAsync(_stop.Token, startWorkersAfter);
        return await _source.Watches.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_controller_filtering_on_spec_or_lifecycle_changes_ignores_status_only_updates()
    {
        var cache = new ObjectCache<V1Pod>();
        var informer = new Informer<V1Pod>(_source, new InformerOptions(), _time, NullLogger.Instance);
        using var controller = new Controller<V1Pod>(new ControllerOptions { Name = "filtered" }, informer, cache, _reconciler, _time, NullLogger.Instance,
            enqueueWhen: ChangeFilters.SpecOrLifecycleChanged);
        static V1Pod Pod(string resourceVersion, long generation, DateTime? deleting = null)
        {
            var pod = ScriptedSource.Pod("a", resourceVersion);
            pod.Metadata.Generation = generation;
            pod.Metadata.DeletionTimestamp = deleting;
            return pod;
        }

        var depths = new List<int>();
        async Task Step(Action change)
        {
            change();
            depths.Add(controller.Queue.Depth);
            while (controller.Queue.Depth > 0)
            {
                var (_, key) = await controller.Queue.GetAsync(TestContext.Current.CancellationToken);
                controller.Queue.Done(key);
            }
        }

        await Step(() => cache.OnUpsert(Pod("1", 1)));                          // added
        await Step(() => cache.OnUpsert(Pod("2", 1)));                          // status written: same generation
        await Step(() => cache.OnUpsert(Pod("3", 2)));                          // spec edited
        await Step(() => cache.OnReplaced([Pod("4", 2)]));                      // relist with another status write
        await Step(() => cache.OnUpsert(Pod("5", 2, _time.GetUtcNow().UtcDateTime))); // deletion started
        await Step(() => cache.OnDelete(Pod("5", 2)));                          // gone

        Assert.Equal([1, 0, 1, 0, 1, 1], depths);
    }

    [Fact]
    public async Task Every_listed_and_watched_object_is_reconciled_by_key()
    {
        var watch = await StartAsync(1, ScriptedSource.Pod("a", "1"));
        Assert.Equal("default/a", (await _reconciler.NextAsync()).ToString());

        watch.Send(WatchEventKind.Added, ScriptedSource.Pod("b", "2"));
        Assert.Equal("default/b", (await _reconciler.NextAsync()).ToString());
    }

    [Fact]
    public async Task The_informer_syncs_while_workers_wait_for_what_the_reconciler_reads()
    {
        var otherCaches = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateOpenAtReconcile = new ConcurrentQueue<bool>();
        _reconciler.Script("default/a", _ => { gateOpenAtReconcile.Enqueue(otherCaches.Task.IsCompleted); return ReconcileResult.Done; });
        var watch = await StartAsync(1, otherCaches.Task, ScriptedSource.Pod("a", "1"));

        // Listed and watching before the gate opens; the watched object is cached (and queued) meanwhile.
        watch.Send(WatchEventKind.Added, ScriptedSource.Pod("b", "2"));
        using (var bound = new CancellationTokenSource(Bound))
        {
            while (_controller!.Cache.Count < 2)
            {
                bound.Token.ThrowIfCancellationRequested();
                await Task.Yield();
            }
        }

        otherCaches.SetResult();
        var reconciled = new[] { (await _reconciler.NextAsync()).ToString(), (await _reconciler.NextAsync()).ToString() };
        Assert.Equal(["default/a", "default/b"], reconciled.Order());
        Assert.Equal([true], gateOpenAtReconcile);
    }

    [Fact]
    public async Task Exception_is_retried_with_exponential_backoff_and_success_resets_it()
    {
        _reconciler.Script("default/a", _ => throw new InvalidOperationException("transient"));
        _reconciler.Script("default/a", _ => throw new InvalidOperationException("transient"));
        await StartAsync(1, ScriptedSource.Pod("a", "1"));

        await _reconciler.NextAsync();
        await _observer.NextAsync(ReconcileOutcome.Error);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, _controller!.Queue.Depth);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await _reconciler.NextAsync();
        await _observer.NextAsync(ReconcileOutcome.Error);
        Assert.Equal(2, _controller.Queue.Failures(new ObjectKey("default", "a")));

        _time.Advance(TimeSpan.FromSeconds(2)); // second retry waits 2 s
        await _reconciler.NextAsync();
        await _observer.NextAsync(ReconcileOutcome.Success);
        Assert.Equal(0, _controller.Queue.Failures(new ObjectKey("default", "a")));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_no_sooner_than_the_server_asked()
    {
        // Issue 15 point 11: six retries in 170 ms against Retry-After: 10.
        _reconciler.Script("default/a", _ => throw new KubeApiException(System.Net.HttpStatusCode.TooManyRequests, "PUT", "/x", null, "slow down") { RetryAfter = TimeSpan.FromSeconds(10) });
        await StartAsync(1, ScriptedSource.Pod("a", "1"));

        await _reconciler.NextAsync();
        await _observer.NextAsync(ReconcileOutcome.Error);
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(1, _reconciler.Count("default/a"));
        Assert.Equal(0, _controller!.Queue.Depth);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await _reconciler.NextAsync();
        await _observer.NextAsync(ReconcileOutcome.Success);
    }

    [Fact]
    public async Task RequeueAfter_on_success_requeues_after_exactly_that_delay()
    {
        _reconciler.Script("default/a", _ => ReconcileResult.After(TimeSpan.FromMinutes(5)));
        await StartAsync(1, ScriptedSource.Pod("a", "1"));
        await _reconciler.NextAsync();
        await _observer.NextAsync(ReconcileOutcome.Requeue);

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, _controller!.Queue.Depth);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("default/a", (await _reconciler.NextAsync()).ToString());
    }

    [Fact]
    public async Task Terminal_error_is_not_retried()
    {
        _reconciler.Script("default/a", _ => throw new TerminalReconcileException("spec.schedule invalid"));
        await StartAsync(1, ScriptedSource.Pod("a", "1"));
        await _reconciler.NextAsync();
        await _observer.NextAsync(ReconcileOutcome.Terminal);

        _time.Advance(TimeSpan.FromMinutes(9));

        Assert.Equal(0, _controller!.Queue.Depth);
        Assert.Equal(0, _controller.Queue.Waiting);
        Assert.Equal(0, _controller.Queue.Failures(new ObjectKey("default", "a")));
    }

    [Fact]
    public async Task One_key_is_never_reconciled_concurrently_even_with_many_workers()
    {
        var release = new TaskCompletionSource<ReconcileResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _reconciler.ScriptAsync("default/a", _ => release.Task);
        var watch = await StartAsync(4, ScriptedSource.Pod("a", "1"));
        await _reconciler.NextAsync();

        watch.Send(WatchEventKind.Modified, ScriptedSource.Pod("a", "2"));
        watch.Send(WatchEventKind.Modified, ScriptedSource.Pod("a", "3"));
        watch.Send(WatchEventKind.Added, ScriptedSource.Pod("b", "4"));
        Assert.Equal("default/b", (await _reconciler.NextAsync()).ToString());
        Assert.Equal(1, _reconciler.MaxConcurrent("default/a"));

        release.SetResult(ReconcileResult.Done);
        Assert.Equal("default/a", (await _reconciler.NextAsync()).ToString());
        await _observer.NextAsync(ReconcileOutcome.Success);
        Assert.Equal(1, _reconciler.MaxConcurrent("default/a"));
        Assert.Equal(2, _reconciler.Count("default/a"));
    }

    [Fact]
    public async Task Periodic_resync_requeues_every_cached_key()
    {
        await StartAsync(1, ScriptedSource.Pod("a", "1"));
        await _reconciler.NextAsync();
        await _observer.NextAsync(ReconcileOutcome.Success);

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal("default/a", (await _reconciler.NextAsync()).ToString());
    }

    [Fact]
    public async Task Shutdown_cancels_the_in_flight_reconcile_and_returns_after_it_finished()
    {
        var sawCancel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reconciler.ScriptAsync("default/a", async ct =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct).ContinueWith(_ => sawCancel.SetResult(), TaskScheduler.Default);
            ct.ThrowIfCancellationRequested();
            return ReconcileResult.Done;
        });
        await StartAsync(1, ScriptedSource.Pod("a", "1"));
        await _reconciler.NextAsync();

        await _stop.CancelAsync();

        await _run!.WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.True(sawCancel.Task.IsCompleted);
        Assert.Equal(ReconcileOutcome.Cancelled, await _observer.NextAsync(ReconcileOutcome.Cancelled));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Bound);
        }

        _controller?.Dispose();
        _stop.Dispose();
    }

    private sealed class ScriptedReconciler : IReconciler
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<CancellationToken, Task<ReconcileResult>>>> _scripts = new();
        private readonly ConcurrentDictionary<string, int> _active = new();
        private readonly ConcurrentDictionary<string, int> _maxActive = new();
        private readonly ConcurrentDictionary<string, int> _count = new();
        private readonly Channel<ObjectKey> _calls = Channel.CreateUnbounded<ObjectKey>();

        public void Script(string key, Func<CancellationToken, ReconcileResult> step) =>
            ScriptAsync(key, ct => Task.FromResult(step(ct)));

        public void ScriptAsync(string key, Func<CancellationToken, Task<ReconcileResult>> step) =>
            _scripts.GetOrAdd(key, _ => new()).Enqueue(step);

        public int MaxConcurrent(string key) => _maxActive.GetValueOrDefault(key);

        public int Count(string key) => _count.GetValueOrDefault(key);

        public async Task<ObjectKey> NextAsync() =>
            await _calls.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Bound, TestContext.Current.CancellationToken);

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            var name = key.ToString();
            var active = _active.AddOrUpdate(name, 1, (_, v) => v + 1);
            _maxActive.AddOrUpdate(name, active, (_, v) => Math.Max(v, active));
            _count.AddOrUpdate(name, 1, (_, v) => v + 1);
            _calls.Writer.TryWrite(key);
            try
            {
                return _scripts.TryGetValue(name, out var q) && q.TryDequeue(out var step)
                    ? await step(cancellationToken)
                    : ReconcileResult.Done;
            }
            finally
            {
                _active.AddOrUpdate(name, 0, (_, v) => v - 1);
            }
        }
    }

    private sealed class RecordingObserver : IReconcileObserver
    {
        private readonly Channel<ReconcileOutcome> _outcomes = Channel.CreateUnbounded<ReconcileOutcome>();

        public void Reconciled(string controller, ObjectKey key, ReconcileOutcome outcome, TimeSpan duration) => _outcomes.Writer.TryWrite(outcome);

        /// <summary>Waits for the next outcome and asserts it is <paramref name="expected"/>.</summary>
        public async Task<ReconcileOutcome> NextAsync(ReconcileOutcome expected)
        {
            var outcome = await _outcomes.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Bound, TestContext.Current.CancellationToken);
            Assert.Equal(expected, outcome);
            return outcome;
        }
    }
}
