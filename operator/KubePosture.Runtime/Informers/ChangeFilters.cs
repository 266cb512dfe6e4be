using k8s;
using k8s.Models;

namespace KubePosture.Runtime.Informers;

/// <summary>
/// Which cache changes a controller reconciles (controller-runtime's predicates). A controller whose reconcile writes
/// only the object's status uses <see cref="SpecOrLifecycleChanged"/>, so its own status writes do not queue the key
/// again.
/// </summary>
public static class ChangeFilters
{
    /// <summary>
    /// True when the object appeared or disappeared, its <c>metadata.generation</c> moved (the API server bumps it on
    /// spec changes, never on status writes) or its deletion started; false for status-only and metadata-only updates.
    /// </summary>
    public static bool SpecOrLifecycleChanged<T>(T? before, T? after)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        before is null || after is null
        || before.Metadata.Generation != after.Metadata.Generation
        || before.Metadata.DeletionTimestamp != after.Metadata.DeletionTimestamp;
}
