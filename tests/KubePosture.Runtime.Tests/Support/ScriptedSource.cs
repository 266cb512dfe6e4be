using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s.Models;
using KubePosture.Runtime.Client;
using KubePosture.Runtime.Informers;

namespace KubePosture.Runtime.Tests.Support;

/// <summary>
/// A list/watch source driven by the test: LIST answers come from <see cref="ListResponses"/> (a page or an
/// exception each), and every WATCH becomes a <see cref="WatchSession"/> the test feeds events or errors into.
/// </summary>
public sealed class ScriptedSource : IListWatchSource<V1Pod>
{
    public Queue<Func<string?, int, ListPage<V1Pod>>> ListResponses { get; } = new();

    public List<(string? Continue, int Limit)> ListCalls { get; } = [];

    public Channel<WatchSession> Watches { get; } = Channel.CreateUnbounded<WatchSession>();

    public string Description => "pods (scripted)";

    public Task<ListPage<V1Pod>> ListPageAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        lock (ListCalls)
        {
            ListCalls.Add((continueToken, limit));
            if (!ListResponses.TryDequeue(out var respond))
            {
                throw new InvalidOperationException("test did not script this LIST");
            }

            return Task.FromResult(respond(continueToken, limit));
        }
    }

    public async IAsyncEnumerable<WatchEvent<V1Pod>> WatchAsync(string resourceVersion, int timeoutSeconds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = new WatchSession(resourceVersion, timeoutSeconds);
        await Watches.Writer.WriteAsync(session, cancellationToken);
        try
        {
            await foreach (var item in session.Events.Reader.ReadAllAsync(cancellationToken))
            {
                if (item.Error is not null)
                {
                    throw item.Error;
                }

                yield return item.Event!;
            }
        }
        finally
        {
            session.Ended.TrySetResult();
        }
    }

    public static V1Pod Pod(string name, string resourceVersion, string ns = "default") =>
        new() { ApiVersion = "v1", Kind = "Pod", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = resourceVersion } };

    public static ListPage<V1Pod> Page(string resourceVersion, string? next, params V1Pod[] pods) => new(pods, resourceVersion, next);
}

public sealed class WatchSession(string resourceVersion, int timeoutSeconds)
{
    public string ResourceVersion { get; } = resourceVersion;

    public int TimeoutSeconds { get; } = timeoutSeconds;

    public Channel<(WatchEvent<V1Pod>? Event, Exception? Error)> Events { get; } = Channel.CreateUnbounded<(WatchEvent<V1Pod>?, Exception?)>();

    /// <summary>Completed when the informer stopped reading this watch.</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Send(WatchEventKind kind, V1Pod pod) => Events.Writer.TryWrite((new WatchEvent<V1Pod>(kind, pod), null));

    public void Fail(Exception error) => Events.Writer.TryWrite((null, error));

    /// <summary>The server closed the stream (its timeoutSeconds elapsed).</summary>
    public void Close() => Events.Writer.TryComplete();
}
