using k8s;
using k8s.Models;
using KubePosture.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubePosture.Runtime.Status;

/// <summary>
/// Writes status through the <c>/status</c> subresource with the resourceVersion that was read, only when the
/// mutation changed something. A 409 Conflict means someone else wrote first: re-read, re-apply the mutation, retry.
/// </summary>
public sealed partial class StatusWriter
{
    private readonly KubeApiClient _client;
    private readonly ILogger _logger;
    private long _writes;

    public StatusWriter(KubeApiClient client, ILogger<StatusWriter> logger)
    {
        _client = client;
        _logger = logger;
    }

    /// <summary>Status writes sent to the API server (successful or not).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Attempts before a persistent conflict is given up (and the reconcile retried by the queue).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// Applies <paramref name="mutate"/> (which returns whether it changed anything) to a copy of
    /// <paramref name="read"/> and writes it. Returns the stored object, the unchanged read object when nothing
    /// changed, or null when the object is gone.
    /// </summary>
    public async Task<T?> UpdateAsync<T>(ResourceType type, T read, Func<T, bool> mutate, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var current = read;
        for (var attempt = 1; ; attempt++)
        {
            var copy = ObjectCloner.Clone(current);
            if (!mutate(copy))
            {
                return current;
            }

            try
            {
                Interlocked.Increment(ref _writes);
                return await _client.ReplaceStatusAsync(type, copy, cancellationToken);
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < MaxAttempts)
            {
                var key = ObjectKey.Of(current);
                LogConflict(_logger, type.Kind, key, current.Metadata.ResourceVersion, attempt);
                var fresh = await _client.GetAsync<T>(type, current.Metadata.NamespaceProperty, current.Metadata.Name, cancellationToken);
                if (fresh is null)
                {
                    return null;
                }

                current = fresh;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return null;
            }
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "{Kind} {Key}: status write at resourceVersion {ResourceVersion} conflicted (attempt {Attempt}); re-reading")]
    private static partial void LogConflict(ILogger logger, string kind, ObjectKey key, string resourceVersion, int attempt);
}
