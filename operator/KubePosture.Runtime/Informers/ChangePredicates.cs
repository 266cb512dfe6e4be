using k8s;
using k8s.Models;

namespace KubePosture.Runtime.Informers;

/// <summary>
/// Which updates of an object are worth a reconcile (controller-runtime's <c>GenerationChangedPredicate</c> and
/// <c>AnnotationChangedPredicate</c> together). An update that moves only the resourceVersion and the status (the
/// operator's own status write) is not: otherwise every status write would put its object straight back on the queue,
/// and a status that differs on each attempt (a start time, a failed write retried) would make a loop.
/// </summary>
public static class ChangePredicates
{
    /// <summary>Every update (the default of <see cref="ObjectCache{T}"/>).</summary>
    public static bool AnyUpdate<T>(T old, T updated)
        where T : IKubernetesObject<V1ObjectMeta> => old.Metadata.ResourceVersion != updated.Metadata.ResourceVersion;

    /// <summary>
    /// The spec (generation), the annotations, the finalizers or the deletion timestamp changed: what a reconciler of
    /// a custom resource with a status subresource reads. Status-only updates are ignored.
    /// </summary>
    public static bool GenerationOrMetadata<T>(T old, T updated)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var (a, b) = (old.Metadata, updated.Metadata);
        return a.Generation != b.Generation
            || a.DeletionTimestamp != b.DeletionTimestamp
            || a.Uid != b.Uid
            || !SameDictionary(a.Annotations, b.Annotations)
            || !(a.Finalizers ?? []).SequenceEqual(b.Finalizers ?? [], StringComparer.Ordinal);
    }

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
