using KubePosture.Runtime.Client;

namespace KubePosture.Runtime.Informers;

/// <summary>One page of a LIST: its items, the list's resourceVersion, and the continue token of the next page.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);

/// <summary>What an <see cref="Informer{T}"/> reads from: paginated LIST and WATCH of one kind.</summary>
public interface IListWatchSource<T>
{
    /// <summary>Names the source in logs and errors, e.g. <c>pods</c> or <c>configmaps (kube-system, name=aws-auth)</c>.</summary>
    string Description { get; }

    Task<ListPage<T>> ListPageAsync(string? continueToken, int limit, CancellationToken cancellationToken);

    /// <summary>WATCH from <paramref name="resourceVersion"/> with bookmarks; the server ends it after <paramref name="timeoutSeconds"/>.</summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, int timeoutSeconds, CancellationToken cancellationToken);
}
