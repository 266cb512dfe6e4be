using k8s;
using k8s.Models;
using KubePosture.Api;
using KubePosture.Inventory;
using KubePosture.Operator.Configuration;
using KubePosture.Operator.Exceptions;
using KubePosture.Operator.Health;
using KubePosture.Operator.InventoryCollection;
using KubePosture.Operator.Kube;
using KubePosture.Operator.Metrics;
using KubePosture.Operator.Scans;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Controllers;
using KubePosture.Runtime.Informers;
using KubePosture.Runtime.Leadership;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubePosture.Operator.Hosting;

/// <summary>
/// Runs the operator's loops: (with --leader-elect) waits for the Lease, then starts the shared inventory informers,
/// the PostureException controller and the PostureScan controller. Losing the Lease stops the process with exit code 1
/// so it restarts clean; shutdown cancels the in-flight scans and releases the Lease.
/// </summary>
public sealed partial class ControllerManager : BackgroundService
{
    private readonly OperatorOptions _options;
    private readonly KubeApiClient _client;
    private readonly InventoryCollector _collector;
    private readonly PostureScanReconciler _reconciler;
    private readonly PostureExceptionReconciler _exceptionReconciler;
    private readonly ExceptionMatches _exceptionMatches;
    private readonly ObjectCache<PostureScan> _scans;
    private readonly ObjectCache<PostureException> _exceptions;
    private readonly OperatorMetrics _metrics;
    private readonly ReadinessState _readiness;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private Controller<PostureScan>? _controller;
    private Controller<PostureException>? _exceptionController;

    public ControllerManager(
        OperatorOptions options, KubeApiClient client, InventoryCollector collector, PostureScanReconciler reconciler,
        PostureExceptionReconciler exceptionReconciler, ExceptionMatches exceptionMatches, ObjectCache<PostureScan> scans, ObjectCache<PostureException> exceptions,
        OperatorMetrics metrics, ReadinessState readiness,
        IHostApplicationLifetime lifetime, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options;
        _client = client;
        _collector = collector;
        _reconciler = reconciler;
        _exceptionReconciler = exceptionReconciler;
        _exceptionMatches = exceptionMatches;
        _scans = scans;
        _exceptions = exceptions;
        _metrics = metrics;
        _readiness = readiness;
        _lifetime = lifetime;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ControllerManager>();
        _readiness.Register("inventory");
        _readiness.Register(ApiResources.PostureScans.Name);
        _readiness.Register(ApiResources.PostureExceptions.Name);
    }

    /// <summary>The PostureScan controller once leading (tests read its queue).</summary>
    public Controller<PostureScan>? Controller => _controller;

    /// <summary>Rescans on cluster changes while leading (tests read how often it fired).</summary>
    public ChangeRescanTrigger? ChangeTrigger { get; private set; }

    /// <summary>Set when this instance is leading and its caches synced.</summary>
    public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.LeaderElect)
        {
            _metrics.SetLeader(true);
            await RunControllersAsync(stoppingToken);
            return;
        }

        _readiness.SetStandby(true);
        _metrics.SetLeader(false);
        var elector = new LeaderElector(_client, _options.LeaderElection, _time, _loggers.CreateLogger<LeaderElector>());
        elector.LeadershipChanged += _metrics.SetLeader;
        LogWaiting(_logger, _options.Identity, _options.ControlNamespace);
        var end = await elector.RunAsync(async ct =>
        {
            _readiness.SetStandby(false);
            await RunControllersAsync(ct);
        }, stoppingToken);
        if (end == LeadershipEnd.Lost)
        {
            LogLost(_logger, _options.Identity);
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
        }
    }

    private async Task RunControllersAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var exceptionInformer = OwnInformer<PostureException, PostureExceptionList>(ApiResources.PostureExceptions);
        exceptionInformer.AddHandler(_exceptions);
        _exceptionController = new Controller<PostureException>(
            new ControllerOptions { Name = "postureexception", Workers = 1, ResyncPeriod = _options.ResyncPeriod },
            exceptionInformer, _exceptions, _exceptionReconciler, _time, _loggers.CreateLogger("KubePosture.Controller.PostureException"), _metrics,
            enqueueWhen: ChangeFilters.SpecOrLifecycleChanged);
        var scanInformer = OwnInformer<PostureScan, PostureScanList>(ApiResources.PostureScans);
        scanInformer.AddHandler(_scans);
        _controller = new Controller<PostureScan>(
            new ControllerOptions { Name = "posturescan", Workers = _options.MaxConcurrentScans, ResyncPeriod = _options.ResyncPeriod },
            scanInformer, _scans, _reconciler, _time, _loggers.CreateLogger("KubePosture.Controller.PostureScan"), _metrics,
            enqueueWhen: ChangeFilters.SpecAnnotationsOrLifecycleChanged);
        _metrics.TrackQueue("posturescan", () => _controller.Queue.Depth);
        _metrics.TrackQueue("postureexception", () => _exceptionController.Queue.Depth);
        // Between the two controllers: an exception's change queues the scans that apply it; a scan's new match counts
        // queue the exceptions whose status they change.
        var scanQueue = _controller.Queue;
        var exceptionQueue = _exceptionController.Queue;
        _exceptionReconciler.ScanAffected += scanQueue.Add;
        _exceptionMatches.ExceptionChanged += exceptionQueue.Add;

        var inventory = _collector.RunAsync(stop.Token);
        var exceptions = _exceptionController.RunAsync(stop.Token);
        Task controller = Task.CompletedTask;
        try
        {
            // The PostureScans are listed while the inventory syncs; scans start once both have.
            var settled = _collector.WaitForSettledAsync(stop.Token);
            var exceptionsSynced = exceptionInformer.WaitForSyncAsync(stop.Token);
            controller = _controller.RunAsync(stop.Token, startWorkersAfter: Task.WhenAll(settled, exceptionsSynced));
            await settled;
            _readiness.MarkSynced("inventory");
            await exceptionsSynced;
            _readiness.MarkSynced(ApiResources.PostureExceptions.Name);
            await scanInformer.WaitForSyncAsync(stop.Token);
            _readiness.MarkSynced(ApiResources.PostureScans.Name);
            var inventoryVersion = _collector.Store.Version;
            LogRunning(_logger, inventoryVersion, _scans.Count);
            // From here on a change in the cluster reconciles every PostureScan (debounced); the reconciler decides
            // which are due. The initial sync itself triggers nothing: each scan's first scan reads it.
            var queue = _controller.Queue;
            ChangeTrigger = new ChangeRescanTrigger(_collector.Store, _reconciler.ChangeRescan, _time, () =>
            {
                foreach (var key in _scans.Keys())
                {
                    queue.Add(key);
                }
            });
            Running.TrySetResult();
            await controller;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            ChangeTrigger?.Dispose();
            await stop.CancelAsync();
            await Task.WhenAll(inventory, exceptions, controller);
            _exceptionReconciler.ScanAffected -= scanQueue.Add;
            _exceptionMatches.ExceptionChanged -= exceptionQueue.Add;
            _controller.Dispose();
            _exceptionController.Dispose();
        }
    }

    /// <summary>
    /// An informer of the operator's own kind. Its list/watch failing for longer than the inventory's bound
    /// (<see cref="InventoryCollector.UnreachableAfter"/>) fails /readyz naming the resource, as an inventory source
    /// does: the operator no longer sees new or edited objects of its own kind. Its next success makes it ready again.
    /// </summary>
    private Informer<T> OwnInformer<T, TList>(ResourceType type)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IKubernetesObject<V1ListMeta>, IItems<T>
    {
        Informer<T>? informer = null;
        var options = new InformerOptions
        {
            OnError = e =>
            {
                if (informer?.FailingSince is { } since && _collector.FailingTooLong(since))
                    _readiness.MarkUnreachable(type.Name, $"list/watch failing since {since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: {BoundedText.Bound(e.Message, 300)}");
            },
            OnRecovered = () => _readiness.MarkReachable(type.Name),
        };
        informer = new Informer<T>(new KubeListWatchSource<T, TList>(_client, type), options, _time, _loggers.CreateLogger($"KubePosture.Informer.{type.Kind}"));
        return informer;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "leader election on: {Identity} waiting for lease in {Namespace}")]
    private static partial void LogWaiting(ILogger logger, string identity, string @namespace);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Critical, Message = "{Identity} lost leadership; stopping so the process restarts clean")]
    private static partial void LogLost(ILogger logger, string identity);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "caches synced (inventory version {InventoryVersion}); reconciling {Scans} PostureScans")]
    private static partial void LogRunning(ILogger logger, long inventoryVersion, int scans);
}
