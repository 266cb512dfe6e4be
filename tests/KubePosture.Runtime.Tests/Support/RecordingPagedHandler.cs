using System.Threading.Channels;
using k8s.Models;
using KubePosture.Runtime.Informers;

namespace KubePosture.Runtime.Tests.Support;

/// <summary>Records paged relists as "start", "page a,b", "completed" (and OnReplaced, which must not be called, as "replace ...").</summary>
public sealed class RecordingPagedHandler : IPagedReplaceHandler<V1Pod>
{
    public Channel<string> Calls { get; } = Channel.CreateUnbounded<string>();

    public void OnReplaceStarted() => Calls.Writer.TryWrite("start");

    public void OnReplacePage(IReadOnlyList<V1Pod> page) => Calls.Writer.TryWrite("page " + string.Join(",", page.Select(p => p.Metadata.Name)));

    public void OnReplaceCompleted() => Calls.Writer.TryWrite("completed");

    public void OnReplaced(IReadOnlyList<V1Pod> items) => Calls.Writer.TryWrite("replace " + string.Join(",", items.Select(p => p.Metadata.Name)));

    public void OnUpsert(V1Pod item) => Calls.Writer.TryWrite($"upsert {item.Metadata.Name}");

    public void OnDelete(V1Pod item) => Calls.Writer.TryWrite($"delete {item.Metadata.Name}");

    public async Task<string> NextAsync() => await Calls.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
}
