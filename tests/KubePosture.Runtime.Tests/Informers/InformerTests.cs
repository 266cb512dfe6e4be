using System.Net;
using k8s.Models;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Informers;
using KubePosture.Runtime.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubePosture.Runtime.Tests.Informers;

public sealed class InformerTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TimerCountingTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly ScriptedSource _source = new();
    private readonly RecordingHandler _handler = new();
    private readonly List<Exception> _errors = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    private Informer<V1Pod> Start(InformerOptions? options = null)
    {
        var informer = new Informer<V1Pod>(_source, (options ?? new InformerOptions { PageSize = 2 }) with { OnError = e => { lock (_errors) { _errors.Add(e); } } }, _time, NullLogger.Instance);
        informer.AddHandler(_handler);
        _run = informer.RunAsync(_stop.Token);
        return informer;
    }

    private async Task<WatchSession> NextWatchAsync() =>
        await _source.Watches.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Bound, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Lists_every_page_then_watches_from_the_lists_resourceVersion_with_a_server_timeout()
    {
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("10", "page2", ScriptedSource.Pod("a", "3"), ScriptedSource.Pod("b", "4")));
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("10", null, ScriptedSource.Pod("c", "5")));
        var informer = Start(new InformerOptions { PageSize = 2, WatchTimeoutSeconds = 290 });

        Assert.Equal("replace a,b,c", await _handler.NextAsync());
        var watch = await NextWatchAsync();
        await informer.WaitForSyncAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal("10", watch.ResourceVersion);
        Assert.Equal(290, watch.TimeoutSeconds);
        Assert.Equal([(null, 2), ("page2", 2)], _source.ListCalls);
        Assert.True(informer.HasSynced);
    }

    [Fact]
    public async Task A_paged_handler_gets_each_page_as_it_arrives_and_the_others_still_get_the_whole_list()
    {
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("10", "page2", ScriptedSource.Pod("a", "3"), ScriptedSource.Pod("b", "4")));
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("10", null, ScriptedSource.Pod("c", "5")));
        var paged = new RecordingPagedHandler();
        var informer = new Informer<V1Pod>(_source, new InformerOptions { PageSize = 2 }, _time, NullLogger.Instance);
        informer.AddHandler(paged);
        informer.AddHandler(_handler);
        _run = informer.RunAsync(_stop.Token);

        Assert.Equal("start", await paged.NextAsync());
        Assert.Equal("page a,b", await paged.NextAsync());
        Assert.Equal("page c", await paged.NextAsync());
        Assert.Equal("completed", await paged.NextAsync());
        Assert.Equal("replace a,b,c", await _handler.NextAsync());
        await informer.WaitForSyncAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.False(paged.Calls.Reader.TryRead(out var extra), $"unexpected call {extra}");
    }

    [Fact]
    public async Task The_next_page_is_requested_before_the_handlers_process_the_current_one_and_a_failed_page_relists()
    {
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("10", "page2", ScriptedSource.Pod("a", "3")));
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("10", "page3", ScriptedSource.Pod("b", "4")));
        _source.ListResponses.Enqueue((_, _) => throw new KubeApiException(HttpStatusCode.InternalServerError, "GET", "/api/v1/pods", null, "boom"));
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("11", null, ScriptedSource.Pod("a", "3"), ScriptedSource.Pod("c", "6")));
        var requestsSeenByHandler = new List<int>();
        var paged = new PageObserver(() => { lock (_source.ListCalls) { requestsSeenByHandler.Add(_source.ListCalls.Count); } });
        var timersBefore = _time.TimersCreated;
        var informer = new Informer<V1Pod>(_source, new InformerOptions { PageSize = 1, ErrorBackoff = TimeSpan.FromSeconds(1) } with { OnError = e => { lock (_errors) { _errors.Add(e); } } }, _time, NullLogger.Instance);
        informer.AddHandler(paged);
        informer.AddHandler(_handler);
        _run = informer.RunAsync(_stop.Token);

        // First attempt: page 1 handled while page 2 is already requested, page 2 while page 3 is; page 3 fails and the
        // informer relists from the start after its back-off.
        await WaitForErrorsAsync(1);
        await WaitUntilAsync(() => _time.TimersCreated >= timersBefore + 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("replace a,c", await _handler.NextAsync());
        await informer.WaitForSyncAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal([2, 3, 4], requestsSeenByHandler);
        Assert.Equal([(null, 1), ("page2", 1), ("page3", 1), (null, 1)], _source.ListCalls);
    }

    /// <summary>A paged handler that calls back on each page.</summary>
    private sealed class PageObserver(Action onPage) : IPagedReplaceHandler<V1Pod>
    {
        public void OnReplaceStarted() { }
        public void OnReplacePage(IReadOnlyList<V1Pod> page) => onPage();
        public void OnReplaceCompleted() { }
        public void OnReplaced(IReadOnlyList<V1Pod> items) { }
        public void OnUpsert(V1Pod item) { }
        public void OnDelete(V1Pod item) { }
    }

    [Fact]
    public async Task Watch_events_reach_handlers_and_a_closed_watch_resumes_from_the_last_resourceVersion_seen()
    {
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("10", null, ScriptedSource.Pod("a", "3")));
        var informer = Start();
        await _handler.NextAsync();

        var watch = await NextWatchAsync();
        watch.Send(WatchEventKind.Added, ScriptedSource.Pod("b", "11"));
        watch.Send(WatchEventKind.Modified, ScriptedSource.Pod("a", "12"));
        watch.Send(WatchEventKind.Deleted, ScriptedSource.Pod("b", "13"));
        watch.Send(WatchEventKind.Bookmark, ScriptedSource.Pod("", "20"));
        watch.Close();

        Assert.Equal("upsert b@11", await _handler.NextAsync());
        Assert.Equal("upsert a@12", await _handler.NextAsync());
        Assert.Equal("delete b", await _handler.NextAsync());
        var resumed = await NextWatchAsync();
        Assert.Equal("20", resumed.ResourceVersion);
        Assert.Single(_source.ListCalls);
        Assert.Equal(1, informer.Lists);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Gone_410_during_watch_relists_and_replaces_the_whole_state()
    {
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("10", null, ScriptedSource.Pod("a", "3"), ScriptedSource.Pod("b", "4")));
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("50", null, ScriptedSource.Pod("a", "45")));
        var informer = Start();
        await _handler.NextAsync();

        var watch = await NextWatchAsync();
        watch.Fail(new KubeApiException(HttpStatusCode.Gone, "WATCH", "/api/v1/pods", new V1Status { Code = 410, Reason = "Expired" }, null));

        Assert.Equal("replace a", await _handler.NextAsync());
        Assert.Equal("50", (await NextWatchAsync()).ResourceVersion);
        Assert.Equal(2, informer.Lists);
        Assert.Contains(_errors, e => e is KubeApiException { IsGone: true });
    }

    [Fact]
    public async Task Errors_are_reported_to_OnError_and_retried_with_backoff_not_swallowed()
    {
        _source.ListResponses.Enqueue((_, _) => throw new KubeApiException(HttpStatusCode.InternalServerError, "GET", "/api/v1/pods", null, "boom"));
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("7", null, ScriptedSource.Pod("a", "7")));
        var timersBefore = _time.TimersCreated;
        var informer = Start(new InformerOptions { PageSize = 10, ErrorBackoff = TimeSpan.FromSeconds(1) });

        await WaitForErrorsAsync(1);
        Assert.False(informer.HasSynced);
        Assert.Single(_source.ListCalls);

        await WaitUntilAsync(() => _time.TimersCreated >= timersBefore + 1); // the backoff delay is armed
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("replace a", await _handler.NextAsync());

        var watch = await NextWatchAsync();
        var timersBeforeWatchBackoff = _time.TimersCreated;
        watch.Fail(new HttpRequestException("connection reset"));
        await WaitForErrorsAsync(2);
        await WaitUntilAsync(() => _time.TimersCreated > timersBeforeWatchBackoff);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("7", (await NextWatchAsync()).ResourceVersion);
        Assert.Equal(2, informer.Lists); // the failed LIST and its retry; the failed WATCH resumed without relisting
        Assert.IsType<HttpRequestException>(_errors[1]);
    }

    [Fact]
    public async Task FailingSince_marks_the_start_of_consecutive_failures_and_a_successful_list_clears_it_once()
    {
        _source.ListResponses.Enqueue((_, _) => throw new KubeApiException(HttpStatusCode.InternalServerError, "GET", "/api/v1/pods", null, "boom"));
        _source.ListResponses.Enqueue((_, _) => throw new KubeApiException(HttpStatusCode.InternalServerError, "GET", "/api/v1/pods", null, "boom"));
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("7", null, ScriptedSource.Pod("a", "7")));
        var recovered = 0;
        var started = _time.GetUtcNow();
        var timersBefore = _time.TimersCreated;
        var informer = Start(new InformerOptions { PageSize = 10, ErrorBackoff = TimeSpan.FromSeconds(1), OnRecovered = () => Interlocked.Increment(ref recovered) });

        await WaitForErrorsAsync(1);
        Assert.Equal(started, informer.FailingSince);
        await WaitUntilAsync(() => _time.TimersCreated >= timersBefore + 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitForErrorsAsync(2);
        Assert.Equal(started, informer.FailingSince); // still the first failure of the run
        await WaitUntilAsync(() => _time.TimersCreated >= timersBefore + 2);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("replace a", await _handler.NextAsync());
        await WaitUntilAsync(() => informer.FailingSince is null);
        Assert.Equal(1, Volatile.Read(ref recovered));
    }

    [Fact]
    public async Task Idle_watchdog_abandons_a_silent_watch_and_resumes_it()
    {
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("10", null));
        var informer = Start(new InformerOptions { IdleTimeout = TimeSpan.FromSeconds(60) });
        await _handler.NextAsync();
        var watch = await NextWatchAsync();
        watch.Send(WatchEventKind.Bookmark, ScriptedSource.Pod("", "15"));
        // The bookmark is applied (and the idle deadline re-armed) once the informer's resourceVersion moves.
        await WaitUntilAsync(() => informer.ResourceVersion == "15");

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(watch.Ended.Task.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));

        await watch.Ended.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal("15", (await NextWatchAsync()).ResourceVersion);
        Assert.Contains(_errors, e => e is TimeoutException);
    }

    [Fact]
    public async Task A_failing_handler_is_reported_and_does_not_stop_the_others()
    {
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("1", null));
        var informer = new Informer<V1Pod>(_source, new InformerOptions { OnError = e => { lock (_errors) { _errors.Add(e); } } }, _time, NullLogger.Instance);
        informer.AddHandler(new ThrowingHandler());
        informer.AddHandler(_handler);
        _run = informer.RunAsync(_stop.Token);

        Assert.Equal("replace ", await _handler.NextAsync());
        var watch = await NextWatchAsync();
        watch.Send(WatchEventKind.Added, ScriptedSource.Pod("a", "2"));
        Assert.Equal("upsert a@2", await _handler.NextAsync());
        Assert.Contains(_errors, e => e.Message == "handler bug");
    }

    [Fact]
    public async Task Cancellation_ends_RunAsync()
    {
        _source.ListResponses.Enqueue((_, _) => ScriptedSource.Page("1", null));
        Start();
        var watch = await NextWatchAsync();

        await _stop.CancelAsync();

        await _run!.WaitAsync(Bound, TestContext.Current.CancellationToken);
        await watch.Ended.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Bound, TestContext.Current.CancellationToken);
        }

        _stop.Dispose();
    }

    private async Task WaitForErrorsAsync(int count) => await WaitUntilAsync(() => { lock (_errors) { return _errors.Count >= count; } });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!condition())
        {
            bound.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    private sealed class ThrowingHandler : IInformerHandler<V1Pod>
    {
        public void OnReplaced(IReadOnlyList<V1Pod> items) => throw new InvalidOperationException("handler bug");

        public void OnUpsert(V1Pod item) => throw new InvalidOperationException("handler bug");

        public void OnDelete(V1Pod item) => throw new InvalidOperationException("handler bug");
    }
}
