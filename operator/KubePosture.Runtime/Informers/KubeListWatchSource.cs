using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;
using KubePosture.Runtime.Client;

namespace KubePosture.Runtime.Informers;

/// <summary>
/// LIST and WATCH of one kind through <see cref="KubeApiClient"/>, optionally limited to a namespace and by label
/// and field selectors (e.g. only <c>kube-system/aws-auth</c> with <c>metadata.name=aws-auth</c>).
/// </summary>
/// <typeparam name="T">The object model, e.g. <see cref="V1Pod"/>.</typeparam>
/// <typeparam name="TList">Its list model, e.g. <see cref="V1PodList"/>.</typeparam>
public sealed class KubeListWatchSource<T, TList> : IListWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly KubeApiClient _client;
    private readonly ResourceType _type;
    private readonly ListOptions _filter;
    private readonly JsonSerializerOptions? _serializer;

    /// <param name="serializer">Options to read objects with (e.g. ones that skip fields the consumer never reads); KubernetesClient's by default.</param>
    public KubeListWatchSource(KubeApiClient client, ResourceType type, ListOptions? filter = null, JsonSerializerOptions? serializer = null)
    {
        _client = client;
        _serializer = serializer;
        _type = type;
        _filter = filter ?? new ListOptions();
        var parts = new[] { _filter.Namespace, _filter.LabelSelector, _filter.FieldSelector }.Where(p => !string.IsNullOrEmpty(p));
        Description = parts.Any() ? $"{type.Name} ({string.Join(", ", parts)})" : type.Name;
    }

    public string Description { get; }

    public async Task<ListPage<T>> ListPageAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        var list = await _client.ListAsync<TList>(_type, _filter with { Limit = limit, Continue = continueToken }, cancellationToken, _serializer);
        var items = list.Items?.ToList() ?? [];
        foreach (var item in items)
        {
            // Items of a LIST carry no kind/apiVersion; handlers and caches expect them.
            item.Kind ??= _type.Kind;
            item.ApiVersion ??= _type.ApiVersion;
        }

        return new ListPage<T>(items, list.Metadata?.ResourceVersion ?? string.Empty, string.IsNullOrEmpty(list.Metadata?.ContinueProperty) ? null : list.Metadata.ContinueProperty);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, int timeoutSeconds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = _filter with { ResourceVersion = resourceVersion, TimeoutSeconds = timeoutSeconds, AllowWatchBookmarks = true };
        await foreach (var e in _client.WatchAsync<T>(_type, options, cancellationToken, _serializer))
        {
            yield return e;
        }
    }
}
