using System.Threading.Channels;

namespace KubePosture.KubeEmulator.Storage;

/// <summary>A live watch on one group resource (optionally one namespace); events arrive in resourceVersion order.</summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Action<WatchSubscription> _onDispose;

    public WatchSubscription(string groupResource, string? ns, Action<WatchSubscription> onDispose)
    {
        GroupResource = groupResource;
        Namespace = ns;
        _onDispose = onDispose;
    }

    public string GroupResource { get; }
    public string? Namespace { get; }
    public Channel<WatchEvent> Events { get; } = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Cancelled when the emulator drops every watch (fault injection, restart, shutdown).</summary>
    public CancellationTokenSource Dropped { get; } = new();

    public bool Matches(StoredObject obj) =>
        obj.GroupResource == GroupResource && (Namespace is null || obj.Namespace == Namespace);

    public void Dispose()
    {
        _onDispose(this);
        Events.Writer.TryComplete();
        Dropped.Dispose();
    }
}
