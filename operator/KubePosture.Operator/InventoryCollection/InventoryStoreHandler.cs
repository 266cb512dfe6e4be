using k8s;
using k8s.Models;
using KubePosture.Inventory;
using KubePosture.Runtime.Informers;

namespace KubePosture.Operator.InventoryCollection;

/// <summary>Feeds one informer's observations into the shared <see cref="InventoryStore"/> (slim records only).</summary>
/// <remarks>Takes (re)lists page by page: each page becomes slim records at once, so a 50,000-pod LIST never exists as
/// 50,000 KubernetesClient models in memory.</remarks>
internal sealed class InventoryStoreHandler<T>(InventoryStore store, string source, Action onSynced) : IPagedReplaceHandler<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private InventoryStore.Replacement? _replacement;

    public void OnReplaceStarted() => _replacement = store.BeginReplace(source);

    public void OnReplacePage(IReadOnlyList<T> page) => (_replacement ??= store.BeginReplace(source)).AddRange(page.Cast<IKubernetesObject<V1ObjectMeta>>());

    public void OnReplaceCompleted()
    {
        (_replacement ?? store.BeginReplace(source)).Commit();
        _replacement = null;
        onSynced();
    }

    public void OnReplaced(IReadOnlyList<T> items)
    {
        store.ReplaceAll(source, items.Cast<IKubernetesObject<V1ObjectMeta>>());
        onSynced();
    }

    public void OnUpsert(T item) => store.Upsert(item);

    public void OnDelete(T item) => store.Delete(item);
}
