using System.Threading.Channels;
using k8s.Models;
using KubePosture.Runtime.Informers;

namespace KubePosture.Runtime.Tests.Support;

/// <summary>Records handler calls as strings ("replace a,b", "upsert a@5", "delete a") the test can await in order.</summary>
public sealed class RecordingHandler : IInformerHandler<V1Pod>
{
    public Channel<string> Calls { get; } = Channel.CreateUnbounded<string>();

    public void OnReplaced(IReadOnlyList<V1Pod> items) =>
        Calls.Writer.TryWrite("replace " + string.Join(",", items.Select(p => p.Metadata.Name)));

    public void OnUpsert(V1Pod item) => Calls.Writer.TryWrite($"upsert {item.Metadata.Name}@{item.Metadata.ResourceVersion}");

    public void OnDelete(V1Pod item) => Calls.Writer.TryWrite($"delete {item.Metadata.Name}");

    public async Task<string> NextAsync() => await Calls.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
}
