using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using k8s;
using k8s.Models;
using KubePosture.Checks.Inventory;
using KubePosture.Inventory;
using KubePosture.Inventory.Mapping;
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
    private readonly ConcurrentDictionary<string, string> _reported = new();

    public InventoryCollector(KubeApiClient client, InventoryStore store, TimeProvider time, ILoggerFactory loggers)
    {
        _client = client;
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
        var informer = new Informer<T>(source, InformerOptions with { OnError = e => OnError(kind, e) }, _time, _loggers.CreateLogger($"KubePosture.Informer.{kind.Kind}"));
        informer.AddHandler(new InventoryStoreHandler<T>(Store, kind.Source, () => Settle(kind.Source)));
        _stats[kind.Source] = () => (informer.Lists, informer.Watches);
        await informer.RunAsync(cancellationToken);
    }

    private void OnError(InventoryKind kind, Exception error)
    {
        if (error is KubeApiException { IsForbidden: true } or KubeApiException { IsNotFound: true })
        {
            var problem = error is KubeApiException { IsForbidden: true }
                ? SourceProblem.Forbidden($"the operator's RBAC does not allow list/watch of {ApiResources.Of(kind).Name}")
                : SourceProblem.NotServed($"the API server has no {ApiResources.Of(kind).Name}");
            var reason = problem.ToString();
            Store.MarkUnavailable(kind.Source, problem);
            if (_reported.TryAdd(kind.Source, reason) || _reported[kind.Source] != reason)
            {
                _reported[kind.Source] = reason;
                LogUnavailable(_logger, kind.Source, reason);
            }

            Settle(kind.Source);
        }
    }

    private void Settle(string source)
    {
        _settled[source] = true;
        if (_settled.Values.All(v => v))
        {
            _allSettled.TrySetResult();
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "inventory source {Source} unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string source, string reason);
}
