using k8s;
using k8s.Models;

namespace KubePosture.Runtime.Informers;

/// <summary>
/// The PostureScan controller's filter (controller-runtime's <c>GenerationChangedPredicate</c> or
/// <c>AnnotationChangedPredicate</c>): its reconcile reads the spec and the <c>kubeposture.io/rescan</c> annotation,
/// so those and the object's lifecycle queue its key; its own status writes do not. Without this every status write
/// put its object straight back on the queue, and a status that differed on each attempt (a start time, a failed
/// write retried) made a loop that the rate limiter never saw.
/// </summary>
public static class ChangePredicates
{
    /// <summary>
    /// <see cref="ChangeFilters.SpecOrLifecycleChanged{T}"/>, or the annotations changed. Status-only updates are
    /// ignored, and so are finalizer-only ones (the reconcile that adds the finalizer goes on with the updated object;
    /// requeueing on it would retry a failing reconcile at once instead of after its backoff).
    /// </summary>
    public static bool SpecAnnotationsOrLifecycleChanged<T>(T? before, T? after)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        ChangeFilters.SpecOrLifecycleChanged(before, after)
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
