using k8s;
using k8s.Models;
using KubePosture.Runtime.Client;

namespace KubePosture.Runtime.Status;

/// <summary>
/// Adds and removes one finalizer with optimistic concurrency (PUT with the read resourceVersion, re-read on 409).
/// Removal takes no caller token: once cleanup is done, the finalizer is removed even during shutdown, bounded by
/// <see cref="RemovalTimeout"/>, so an object is never left half-finalized.
/// </summary>
public sealed class Finalizers
{
    private readonly KubeApiClient _client;

    public Finalizers(KubeApiClient client)
    {
        _client = client;
    }

    public TimeSpan RemovalTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static bool Has(IKubernetesObject<V1ObjectMeta> obj, string finalizer) =>
        obj.Metadata.Finalizers?.Contains(finalizer) == true;

    public static bool IsDeleting(IKubernetesObject<V1ObjectMeta> obj) => obj.Metadata.DeletionTimestamp is not null;

    /// <summary>Ensures the finalizer is present; returns the stored object (or null when it is gone).</summary>
    public Task<T?> AddAsync<T>(ResourceType type, T obj, string finalizer, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        UpdateAsync(type, obj, o =>
        {
            if (Has(o, finalizer) || IsDeleting(o))
            {
                return false;
            }

            o.Metadata.Finalizers ??= [];
            o.Metadata.Finalizers.Add(finalizer);
            return true;
        }, cancellationToken);

    /// <summary>Removes the finalizer; not cancellable (see the class remarks).</summary>
    public async Task<T?> RemoveAsync<T>(ResourceType type, T obj, string finalizer)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        using var timeout = new CancellationTokenSource(RemovalTimeout);
        return await UpdateAsync(type, obj, o => o.Metadata.Finalizers?.Remove(finalizer) == true, timeout.Token);
    }

    private async Task<T?> UpdateAsync<T>(ResourceType type, T obj, Func<T, bool> mutate, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var current = obj;
        for (var attempt = 1; ; attempt++)
        {
            var copy = ObjectCloner.Clone(current);
            if (!mutate(copy))
            {
                return current;
            }

            try
            {
                return await _client.ReplaceAsync(type, copy, cancellationToken);
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < 5)
            {
                current = await _client.GetAsync<T>(type, current.Metadata.NamespaceProperty, current.Metadata.Name, cancellationToken);
                if (current is null)
                {
                    return null;
                }
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return null;
            }
        }
    }
}
