using System.Diagnostics;
using k8s;
using k8s.Models;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Informers;
using KubePosture.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace KubePosture.Runtime.Controllers;

/// <summary>
/// Wires an <see cref="Informer{T}"/> and its <see cref="ObjectCache{T}"/> to a <see cref="WorkQueue{TKey}"/> and
/// worker loops calling an <see cref="IReconciler"/> with controller-runtime's result rules: an exception is a
/// rate-limited retry, RequeueAfter only on success, a terminal error is not retried. On shutdown the queue stops,
/// in-flight reconciles see their token cancelled, and <see cref="RunAsync"/> returns once they finished.
/// </summary>
public sealed partial class Controller<T> : IDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ControllerOptions _options;
    private readonly Informer<T> _informer;
    private readonly IReconciler _reconciler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReconcileObserver? _observer;

    /// <param name="enqueueWhen">
    /// Which cache changes queue their key (before, after; null: absent), such as
    /// <see cref="ChangeFilters.SpecOrLifecycleChanged"/>. Null: every change. Resync queues every key regardless.
    /// </param>
    public Controller(
        ControllerOptions options, Informer<T> informer, ObjectCache<T> cache, IReconciler reconciler,
        TimeProvider time, ILogger logger, IReconcileObserver? observer = null, Func<T?, T?, bool>? enqueueWhen = null)
    {
        if (options.Workers < 1)
        {
            throw new ArgumentException($"controller {options.Name}: Workers {options.Workers} must be at least 1", nameof(options));
        }

        _options = options;
        _informer = informer;
        Cache = cache;
        _reconciler = reconciler;
        _time = time;
        _logger = logger;
        _observer = observer;
        Queue = new WorkQueue<ObjectKey>(time, options.RateLimiter);
        cache.Changed += (key, before, after) =>
        {
            if (enqueueWhen?.Invoke(before, after) ?? true)
            {
                Queue.Add(key);
            }
        };
    }

    public string Name => _options.Name;

    public WorkQueue<ObjectKey> Queue { get; }

    public ObjectCache<T> Cache { get; }

    /// <summary>
    /// Runs the informer and the workers until <paramref name="cancellationToken"/> is cancelled. Workers start once
    /// the cache has synced and <paramref name="startWorkersAfter"/> (what the reconciler reads, e.g. other caches)
    /// has completed; the informer lists meanwhile, so the two syncs overlap.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken, Task? startWorkersAfter = null)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informer = _informer.RunAsync(stop.Token);
        ITimer? resync = null;
        try
        {
            await _informer.WaitForSyncAsync(stop.Token);
            if (startWorkersAfter is not null)
            {
                await startWorkersAfter.WaitAsync(stop.Token);
            }

            LogStarted(_logger, Name, _options.Workers, Cache.Count);
            if (_options.ResyncPeriod is { } period)
            {
                resync = _time.CreateTimer(_ => Resync(), null, period, period);
            }

            var workers = Enumerable.Range(0, _options.Workers).Select(_ => WorkerAsync(stop.Token)).ToArray();
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            resync?.Dispose();
            Queue.ShutDown();
            await stop.CancelAsync();
            await informer;
            LogStopped(_logger, Name);
        }
    }

    public void Dispose() => Queue.Dispose();

    private void Resync()
    {
        foreach (var key in Cache.Keys())
        {
            Queue.Add(key);
        }
    }

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        using var shutdown = cancellationToken.Register(Queue.ShutDown);
        while (!cancellationToken.IsCancellationRequested)
        {
            ObjectKey key;
            try
            {
                var (got, next) = await Queue.GetAsync(cancellationToken);
                if (!got)
                {
                    return;
                }

                key = next;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, cancellationToken);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ProcessAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        ReconcileOutcome outcome;
        try
        {
            var result = await _reconciler.ReconcileAsync(key, cancellationToken);
            Queue.Forget(key);
            if (result.RequeueAfter is { } after)
            {
                Queue.AddAfter(key, after);
                outcome = ReconcileOutcome.Requeue;
            }
            else
            {
                outcome = ReconcileOutcome.Success;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = ReconcileOutcome.Cancelled;
            LogCancelled(_logger, Name, key);
        }
        catch (TerminalReconcileException e)
        {
            Queue.Forget(key);
            outcome = ReconcileOutcome.Terminal;
            LogTerminal(_logger, Name, key, e.Message);
        }
        catch (Exception e)
        {
            // The server's Retry-After (a 429 or 503 anywhere in the reconcile) is honoured, capped by the limiter.
            var delay = Queue.AddRateLimited(key, RetryAfter(e));
            var attempt = Queue.Failures(key);
            outcome = ReconcileOutcome.Error;
            LogFailed(_logger, e, Name, key, attempt, delay.TotalMilliseconds);
        }

        var elapsed = _time.GetElapsedTime(started);
        _observer?.Reconciled(Name, key, outcome, elapsed);
        Debug.Assert(elapsed >= TimeSpan.Zero, "monotonic time");
    }

    private static TimeSpan? RetryAfter(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is KubeApiException { RetryAfter: { } after })
            {
                return after;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "controller {Controller}: cache synced with {Count} objects; starting {Workers} workers")]
    private static partial void LogStarted(ILogger logger, string controller, int workers, int count);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "controller {Controller}: stopped")]
    private static partial void LogStopped(ILogger logger, string controller);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "controller {Controller}: reconcile of {Key} failed (attempt {Attempt}); retrying in {DelayMs} ms")]
    private static partial void LogFailed(ILogger logger, Exception exception, string controller, ObjectKey key, int attempt, double delayMs);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "controller {Controller}: reconcile of {Key} failed terminally, not retrying: {Reason}")]
    private static partial void LogTerminal(ILogger logger, string controller, ObjectKey key, string reason);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "controller {Controller}: reconcile of {Key} cancelled by shutdown")]
    private static partial void LogCancelled(ILogger logger, string controller, ObjectKey key);
}
