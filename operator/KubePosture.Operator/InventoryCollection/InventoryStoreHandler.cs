using k8s;
using k8s.Models;
using KubePosture.Inventory;
using KubePosture.Runtime.Informers;

namespace KubePosture.Operator.InventoryCollection;

/// <summary>Feeds one informer's observations into the shared <see cref="InventoryStore"/> (slim records only).</summary>
internal sealed class InventoryStoreHandler<T>(InventoryStore store, string source, Action onSynced) : IInformerHandler<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    public void OnReplaced(IReadOnlyList<T> items)
    {
        store.ReplaceAll(source, items.Cast<IKubernetesObject<V1ObjectMeta>>());
        onSynced();
    }

    public void OnUpsert(T item) => store.Upsert(item);

    public void OnDelete(T item) => store.Delete(item);
}
