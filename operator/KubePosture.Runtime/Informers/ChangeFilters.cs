using k8s;
using k8s.Models;

namespace KubePosture.Runtime.Informers;

/// <summary>
/// Which cache changes a controller reconciles (controller-runtime's predicates). A controller whose reconcile writes
/// only the object's status uses one of these, so its own status writes do not queue the key again: without that,
/// every status write put its object straight back on the queue, and a status that differed on each attempt (a start
/// time, a failed write retried) made a loop that the rate limiter never saw.
/// </summary>
public static class ChangeFilters
{
    /// <summary>
    /// True when the object appeared or disappeared, its <c>metadata.generation</c> moved (the API server bumps it on
    /// spec changes, never on status writes) or its deletion started; false for status-only and metadata-only updates
    /// (controller-runtime's <c>GenerationChangedPredicate</c>).
    /// </summary>
    public static bool SpecOrLifecycleChanged<T>(T? before, T? after)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        before is null || after is null
        || before.Metadata.Generation != after.Metadata.Generation
        || before.Metadata.DeletionTimestamp != after.Metadata.DeletionTimestamp;

    /// <summary>
    /// <see cref="SpecOrLifecycleChanged{T}"/>, or the annotations changed (controller-runtime's
    /// <c>GenerationChangedPredicate</c> or <c>AnnotationChangedPredicate</c>): for the PostureScan controller, whose
    /// reconcile reads the spec and the <c>kubeposture.io/rescan</c> annotation. Status-only updates are ignored, and
    /// so are finalizer-only ones (the reconcile that adds the finalizer goes on with the updated object; requeueing on
    /// it would retry a failing reconcile at once instead of after its backoff).
    /// </summary>
    public static bool SpecAnnotationsOrLifecycleChanged<T>(T? before, T? after)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SpecOrLifecycleChanged(before, after)
        || !SameDictionary(before!.Metadata.Annotations, after!.Metadata.Annotations);

    private static bool SameDictionary(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
            return false;
        foreach (var (key, value) in a ?? new Dictionary<string, string>())
        {
            if (!b!.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
                return false;
        }

        return true;
    }
}
