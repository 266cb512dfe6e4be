using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using k8s;
using k8s.Models;
using KubePosture.Checks.Inventory;
using KubePosture.Inventory;
using KubePosture.Inventory.Mapping;
using KubePosture.Operator.Health;
using KubePosture.Operator.Kube;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace KubePosture.Operator.InventoryCollection;

/// <summary>
/// One shared set of informers, one per inventory kind, that keeps the <see cref="InventoryStore"/> current: a
/// paginated LIST, then a WATCH, read with <see cref="InventoryJson"/>'s options (fields no mapper reads are skipped).
/// Scans take snapshots of the store; nothing is relisted per scan. The aws-auth
/// ConfigMap is watched through a field selector (never all ConfigMaps); Secrets are never read. A source the
/// operator may not read (403) is marked unavailable in the store, and checks that need it are not evaluated.
/// </summary>
public sealed partial class InventoryCollector
{
    /// <summary>How the informers read the inventory kinds: the API client's KubernetesClient options, minus what no mapper reads.</summary>
    private static readonly JsonSerializerOptions InventoryReader = InventoryJson.Create(KubeApiClient.SerializerOptions);

    private static readonly MethodInfo RunKindMethod = typeof(InventoryCollector).GetMethod(nameof(RunKindAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private readonly KubeApiClient _client;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, bool> _settled = new();
    private readonly TaskCompletionSource _allSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, Func<(long Lists, long Watches)>> _stats = new();
    private readonly ConcurrentDictionary<string, SourceProblem> _reported = new();
    private readonly ReadinessState? _readiness;

    /// <param name="client">The API client.</param>
    /// <param name="store">The store the informers fill.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">Loggers.</param>
    /// <param name="readiness">Told when a source has been unreadable for longer than <see cref="UnreachableAfter"/>.</param>
    public InventoryCollector(KubeApiClient client, InventoryStore store, TimeProvider time, ILoggerFactory loggers, ReadinessState? readiness = null)
    {
        _client = client;
        _readiness = readiness;
        Store = store;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<InventoryCollector>();
        foreach (var kind in InventoryStore.SupportedKinds)
        {
            _settled[kind.Source] = false;
        }
    }

    public InventoryStore Store { get; }

    public InformerOptions InformerOptions { get; init; } = new();

    /// <summary>
    /// How long a source's list/watch may keep failing before it is reported unavailable (scans Degraded, /readyz
    /// failing); a blip shorter than this goes unnoticed. The informer retries at most every 30 s meanwhile, so the
    /// report comes at most that much later.
    /// </summary>
    public TimeSpan UnreachableAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether a list/watch failing since <paramref name="since"/> has failed for <see cref="UnreachableAfter"/> or longer.</summary>
    public bool FailingTooLong(DateTimeOffset? since) => since is { } start && _time.GetUtcNow() - start >= UnreachableAfter;

    /// <summary>Every source has either synced or been found unreadable.</summary>
    public bool IsSettled => _allSettled.Task.IsCompleted;

    public Task WaitForSettledAsync(CancellationToken cancellationToken) => _allSettled.Task.WaitAsync(cancellationToken);

    /// <summary>LISTs and WATCHes per source so far (tests assert no relist per scan).</summary>
    public IReadOnlyDictionary<string, (long Lists, long Watches)> Stats() => _stats.ToDictionary(p => p.Key, p => p.Value());

    /// <summary>Sources not yet synced or unreadable, for readiness messages.</summary>
    public IReadOnlyList<string> Pending() => [.. _settled.Where(p => !p.Value).Select(p => p.Key).Order()];

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(InventoryStore.SupportedKinds.Select(kind =>
        {
            var listType = kind.ClrType.Assembly.GetType(kind.ClrType.FullName + "List")
                ?? throw new InvalidOperationException($"inventory kind {kind.Kind}: no list model {kind.ClrType.FullName}List");
            return (Task)RunKindMethod.MakeGenericMethod(kind.ClrType, listType).Invoke(this, [kind, cancellationToken])!;
        }));

    private async Task RunKindAsync<T, TList>(InventoryKind kind, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IKubernetesObject<V1ListMeta>, IItems<T>
    {
        var filter = kind.Source == InventorySource.ConfigMapAwsAuth
            ? new ListOptions { Namespace = InventoryStore.AwsAuthNamespace, FieldSelector = $"metadata.name={InventoryStore.AwsAuthName}" }
            : null;
        var source = new KubeListWatchSource<T, TList>(_client, ApiResources.Of(kind), filter, InventoryReader);
        Informer<T>? informer = null;
        informer = new Informer<T>(source, InformerOptions with { OnError = e => OnError(kind, e, informer?.FailingSince), OnRecovered = () => OnRecovered(kind) },
            _time, _loggers.CreateLogger($"KubePosture.Informer.{kind.Kind}"));
        informer.AddHandler(new InventoryStoreHandler<T>(Store, kind.Source, () => Settle(kind.Source)));
        _stats[kind.Source] = () => (informer.Lists, informer.Watches);
        await informer.RunAsync(cancellationToken);
    }

    private void OnError(InventoryKind kind, Exception error, DateTimeOffset? failingSince)
    {
        if (error is not KubeApiException { IsForbidden: true } and not KubeApiException { IsNotFound: true }
            && failingSince is { } since && FailingTooLong(since))
        {
            // A relist failing, a watch that cannot resume: after the bound the source shows as unavailable (scans are
            // Degraded, the checks that read it not evaluated, rather than passing on what was read before) and /readyz
            // fails, naming it. Its next successful list or watch event makes it whole again.
            var message = error.Message.Length > 300 ? error.Message[..300] + "…" : error.Message;
            var problem = SourceProblem.Unreachable($"unreachable: list/watch of {ApiResources.Of(kind).Name} failing since {since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: {message}");
            Store.MarkUnavailable(kind.Source, problem);
            _readiness?.MarkUnreachable(kind.Source, problem.ToString());
            if (!_reported.TryGetValue(kind.Source, out var last) || last.Kind != SourceProblemKind.Unreachable)
            {
                _reported[kind.Source] = problem;
                LogUnavailable(_logger, kind.Source, problem.ToString());
            }

            return;
        }

        if (error is KubeApiException { IsForbidden: true } or KubeApiException { IsNotFound: true })
        {
            var problem = error is KubeApiException { IsForbidden: true }
                ? SourceProblem.Forbidden($"the operator's RBAC does not allow list/watch of {ApiResources.Of(kind).Name}")
                : SourceProblem.NotServed($"the API server has no {ApiResources.Of(kind).Name}");
            Store.MarkUnavailable(kind.Source, problem);
            if (_reported.TryAdd(kind.Source, problem) || _reported[kind.Source] != problem)
            {
                _reported[kind.Source] = problem;
                LogUnavailable(_logger, kind.Source, problem.ToString());
            }

            Settle(kind.Source);
        }
    }

    private void OnRecovered(InventoryKind kind)
    {
        if (_reported.TryGetValue(kind.Source, out var last) && last.Kind == SourceProblemKind.Unreachable)
        {
            _reported.TryRemove(kind.Source, out _);
            Store.MarkAvailable(kind.Source);
            LogRecovered(_logger, kind.Source);
        }

        _readiness?.MarkReachable(kind.Source);
    }

    private void Settle(string source)
    {
        _settled[source] = true;
        if (_settled.Values.All(v => v))
        {
            _allSettled.TrySetResult();
        }
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "inventory source {Source} readable again")]
    private static partial void LogRecovered(ILogger logger, string source);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "inventory source {Source} unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string source, string reason);
}
