using k8s;
using k8s.Models;
using KubePosture.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubePosture.Runtime.Informers;

/// <summary>
/// Keeps handlers in step with one kind on the API server: a paginated LIST, then a WATCH from the list's
/// resourceVersion (with bookmarks and a server-side timeout), resumed from the last resourceVersion seen; a 410 Gone
/// (or an expired continue token) leads to a fresh LIST; an idle watchdog abandons a watch that went silent.
/// Every error goes to the log and to <see cref="InformerOptions.OnError"/>, then the loop backs off and continues.
/// </summary>
public sealed partial class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatchSource<T> _source;
    private readonly InformerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<IInformerHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _consecutiveErrors;
    private DateTimeOffset? _failingSince;
    private long _lists;
    private long _watches;

    public Informer(IListWatchSource<T> source, InformerOptions options, TimeProvider time, ILogger logger)
    {
        if (options.PageSize < 1 || options.WatchTimeoutSeconds < 1 || options.IdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"informer {source.Description}: PageSize {options.PageSize}, WatchTimeoutSeconds {options.WatchTimeoutSeconds} and IdleTimeout {options.IdleTimeout} must be positive", nameof(options));
        }

        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Description => _source.Description;

    /// <summary>
    /// When the current run of consecutive LIST/WATCH failures began; null while the informer is healthy (its last
    /// list succeeded or its watch delivers). Lets a consumer tell a blip from a source that cannot be read.
    /// </summary>
    public DateTimeOffset? FailingSince => _failingSince;

    /// <summary>The first LIST completed and handlers saw it.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next WATCH resumes from.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>LISTs performed (first list and relists).</summary>
    public long Lists => Interlocked.Read(ref _lists);

    /// <summary>WATCH requests opened.</summary>
    public long Watches => Interlocked.Read(ref _watches);

    /// <summary>Adds a handler; only before <see cref="RunAsync"/>.</summary>
    public void AddHandler(IInformerHandler<T> handler) => _handlers.Add(handler);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAsync(cancellationToken);
                    needList = false;
                    Healthy();
                }

                await WatchAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (KubeApiException e) when (e.IsGone)
            {
                LogGone(_logger, _source.Description, ResourceVersion);
                Report(e);
                needList = true;
            }
            catch (Exception e)
            {
                _consecutiveErrors++;
                _failingSince ??= _time.GetUtcNow();
                var delay = Backoff(_consecutiveErrors);
                LogFailed(_logger, e, _source.Description, needList ? "list" : "watch", delay.TotalMilliseconds);
                Report(e);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        // Paged handlers get each page as it arrives; the whole list is kept only for handlers that need it at once.
        var paged = _handlers.OfType<IPagedReplaceHandler<T>>().ToList();
        var whole = _handlers.Where(h => h is not IPagedReplaceHandler<T>).ToList();
        var items = whole.Count > 0 ? new List<T>() : null;
        var count = 0;
        string? continueToken = null;
        string resourceVersion;
        foreach (var handler in paged)
        {
            Dispatch(handler, h => ((IPagedReplaceHandler<T>)h).OnReplaceStarted());
        }

        // Pipelined: the next page is requested as soon as a page's continue token is known, and the handlers process
        // the current page while the API server answers. At most two pages are held at once. Handlers cannot throw
        // here (Dispatch reports their errors), so a page request in flight is always awaited by the next iteration.
        var next = RequestPage(null, cancellationToken);
        do
        {
            var page = await next;
            continueToken = page.Continue;
            if (continueToken is not null)
            {
                next = RequestPage(continueToken, cancellationToken);
            }

            items?.AddRange(page.Items);
            count += page.Items.Count;
            foreach (var handler in paged)
            {
                Dispatch(handler, h => ((IPagedReplaceHandler<T>)h).OnReplacePage(page.Items));
            }

            resourceVersion = page.ResourceVersion;
        }
        while (continueToken is not null);

        ResourceVersion = resourceVersion;
        foreach (var handler in _handlers)
        {
            if (handler is IPagedReplaceHandler<T> pagedHandler)
            {
                Dispatch(handler, _ => pagedHandler.OnReplaceCompleted());
            }
            else
            {
                Dispatch(handler, h => h.OnReplaced(items!));
            }
        }

        LogListed(_logger, _source.Description, count, resourceVersion);
        _synced.TrySetResult();
    }

    /// <summary>A page request; a source that throws before returning its task fails the task instead, as an async one would.</summary>
    private Task<ListPage<T>> RequestPage(string? continueToken, CancellationToken cancellationToken)
    {
        try
        {
            return _source.ListPageAsync(continueToken, _options.PageSize, cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException<ListPage<T>>(e);
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _watches);
        using var idle = new CancellationTokenSource(_options.IdleTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        try
        {
            await foreach (var e in _source.WatchAsync(ResourceVersion ?? string.Empty, _options.WatchTimeoutSeconds, linked.Token))
            {
                idle.CancelAfter(_options.IdleTimeout);
                Healthy();
                Apply(e);
            }
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogIdle(_logger, _source.Description, _options.IdleTimeout.TotalSeconds);
            Report(new TimeoutException($"informer {_source.Description}: watch delivered nothing for {_options.IdleTimeout.TotalSeconds}s; resuming from resourceVersion {ResourceVersion}"));
        }
    }

    private void Healthy()
    {
        _consecutiveErrors = 0;
        if (_failingSince is null)
        {
            return;
        }

        _failingSince = null;
        try
        {
            _options.OnRecovered?.Invoke();
        }
        catch (Exception callbackError)
        {
            LogHandlerFailed(_logger, callbackError, _source.Description, nameof(InformerOptions.OnRecovered));
        }
    }

    private void Apply(WatchEvent<T> e)
    {
        var rv = e.Object.Metadata?.ResourceVersion;
        switch (e.Kind)
        {
            case WatchEventKind.Added:
            case WatchEventKind.Modified:
                foreach (var handler in _handlers)
                {
                    Dispatch(handler, h => h.OnUpsert(e.Object));
                }

                break;
            case WatchEventKind.Deleted:
                foreach (var handler in _handlers)
                {
                    Dispatch(handler, h => h.OnDelete(e.Object));
                }

                break;
            case WatchEventKind.Bookmark:
                break;
        }

        if (!string.IsNullOrEmpty(rv))
        {
            ResourceVersion = rv;
        }
    }

    private void Dispatch(IInformerHandler<T> handler, Action<IInformerHandler<T>> call)
    {
        try
        {
            call(handler);
        }
        catch (Exception e)
        {
            LogHandlerFailed(_logger, e, _source.Description, handler.GetType().Name);
            Report(e);
        }
    }

    private void Report(Exception e)
    {
        try
        {
            _options.OnError?.Invoke(e);
        }
        catch (Exception callbackError)
        {
            LogHandlerFailed(_logger, callbackError, _source.Description, nameof(InformerOptions.OnError));
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var ticks = _options.ErrorBackoff.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= _options.MaxErrorBackoff.Ticks ? _options.MaxErrorBackoff : TimeSpan.FromTicks((long)ticks);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "informer {Source}: listed {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string source, int count, string resourceVersion);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "informer {Source}: resourceVersion {ResourceVersion} is gone (410); relisting")]
    private static partial void LogGone(ILogger logger, string source, string? resourceVersion);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "informer {Source}: {Operation} failed; retrying in {DelayMs} ms")]
    private static partial void LogFailed(ILogger logger, Exception exception, string source, string operation, double delayMs);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "informer {Source}: watch idle for {IdleSeconds}s; resuming")]
    private static partial void LogIdle(ILogger logger, string source, double idleSeconds);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "informer {Source}: handler {Handler} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string source, string handler);
}
