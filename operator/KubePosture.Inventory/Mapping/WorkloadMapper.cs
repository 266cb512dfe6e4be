using k8s;
using k8s.Models;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Inventory.Store;

namespace KubePosture.Inventory.Mapping;

/// <summary>
/// Pods and pod controllers (Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job,
/// CronJob) to <see cref="StoredWorkload"/>. Only <c>kubeposture.io/*</c> annotations are kept.
/// </summary>
internal static class WorkloadMapper
{
    public const string AnnotationPrefix = "kubeposture.io/";

    /// <summary>
    /// Maps a workload object; <paramref name="retainOwnedPodSpec"/> false drops the pod spec (and labels) of objects
    /// owned by a tracked controller: pods, and intermediate owners such as a Deployment's ReplicaSets and a CronJob's
    /// Jobs. They are folded into their top owner, whose template is what the checks assess.
    /// </summary>
    public static StoredWorkload? Map(IKubernetesObject<V1ObjectMeta> obj, StringPool pool, bool retainOwnedPodSpec) => obj switch
    {
        V1Pod pod => MapPod(pod, pool, retainOwnedPodSpec),
        V1Deployment d => FromTemplate(d, "apps/v1", d.Spec?.Template, pool, retainOwnedPodSpec),
        V1ReplicaSet rs => FromTemplate(rs, "apps/v1", rs.Spec?.Template, pool, retainOwnedPodSpec),
        V1StatefulSet ss => FromTemplate(ss, "apps/v1", ss.Spec?.Template, pool, retainOwnedPodSpec),
        V1DaemonSet ds => FromTemplate(ds, "apps/v1", ds.Spec?.Template, pool, retainOwnedPodSpec),
        V1ReplicationController rc => FromTemplate(rc, "v1", rc.Spec?.Template, pool, retainOwnedPodSpec),
        V1Job job => FromTemplate(job, "batch/v1", job.Spec?.Template, pool, retainOwnedPodSpec),
        V1CronJob cj => FromTemplate(cj, "batch/v1", cj.Spec?.JobTemplate?.Spec?.Template, pool, retainOwnedPodSpec),
        _ => null,
    };

    private static StoredWorkload FromTemplate(IKubernetesObject<V1ObjectMeta> obj, string apiVersion, V1PodTemplateSpec? template, StringPool pool, bool retainOwnedSpec)
    {
        var meta = obj.Metadata ?? new V1ObjectMeta();
        var owner = OwnerOf(meta, pool);
        // A Deployment's ReplicaSet or a CronJob's Job is never reported itself (its owner is): like an owned pod it
        // keeps only its identity and owner link. At 50,000 pods that is 8,000 ReplicaSets' templates (11 MiB) not held.
        var slim = owner is not null && InventoryKinds.IsTrackedWorkloadOwner(owner.Group, owner.Kind) && !retainOwnedSpec;
        return new StoredWorkload(
            Ref(obj, apiVersion, pool),
            meta.Uid,
            owner,
            slim ? StringPool.EmptyMap : pool.Map(meta.Labels),
            slim ? StringPool.EmptyMap : KubePostureAnnotations(meta.Annotations, pool),
            slim ? StringPool.EmptyMap : pool.Map(template?.Metadata?.Labels),
            slim ? null : PodSpecMapper.Map(template?.Spec, template?.Metadata?.Annotations, pool),
            IsPod: false,
            NodeName: null,
            Running: [],
            EphemeralContainers: []);
    }

    private static StoredWorkload MapPod(V1Pod pod, StringPool pool, bool retainOwnedPodSpec)
    {
        var meta = pod.Metadata ?? new V1ObjectMeta();
        var owner = OwnerOf(meta, pool);
        var slim = owner is not null && InventoryKinds.IsTrackedWorkloadOwner(owner.Group, owner.Kind) && !retainOwnedPodSpec;
        return new StoredWorkload(
            Ref(pod, "v1", pool),
            null, // nothing the store tracks is owned by a pod

            owner,
            slim ? StringPool.EmptyMap : pool.Map(meta.Labels),
            slim ? StringPool.EmptyMap : KubePostureAnnotations(meta.Annotations, pool),
            slim ? StringPool.EmptyMap : pool.Map(meta.Labels),
            slim ? null : PodSpecMapper.Map(pod.Spec, meta.Annotations, pool),
            IsPod: true,
            pool.InternOrNull(string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : pod.Spec.NodeName),
            RunningImages(pod.Status, pool),
            // Ephemeral containers exist only on pods: the folder adds them to the top owner's spec whether or not the
            // pod's own spec is retained (kubectl debug into a Job's pod is reported on its CronJob).
            PodSpecMapper.MapEphemeral(pod.Spec?.EphemeralContainers, meta.Annotations, pool));
    }

    /// <summary>One entry per distinct (container, image, imageID) from container, init and ephemeral container statuses.</summary>
    private static IReadOnlyList<RunningImage> RunningImages(V1PodStatus? status, StringPool pool)
    {
        if (status is null)
            return [];
        var result = new List<RunningImage>();
        foreach (var statuses in new[] { status.InitContainerStatuses, status.ContainerStatuses, status.EphemeralContainerStatuses })
        {
            foreach (var s in statuses ?? [])
            {
                if (string.IsNullOrEmpty(s.Image))
                    continue;
                var running = pool.Intern(new RunningImage(pool.Intern(s.Name ?? ""), pool.Intern(s.Image), string.IsNullOrEmpty(s.ImageID) ? null : pool.Intern(s.ImageID)));
                if (!result.Contains(running))
                    result.Add(running);
            }
        }

        return result.Count == 0 ? [] : pool.Intern(result);
    }

    internal static ResourceRef Ref(IKubernetesObject<V1ObjectMeta> obj, string apiVersion, StringPool pool, bool namespaced = true) => new(
        pool.Intern(apiVersion),
        pool.Intern(KindOf(obj)),
        namespaced ? pool.Intern(NamespaceOf(obj.Metadata)) : null,
        obj.Metadata?.Name ?? "");

    /// <summary>A namespaced object without metadata.namespace (a manifest) lands in "default", as kubectl apply would put it.</summary>
    internal static string NamespaceOf(V1ObjectMeta? meta) => string.IsNullOrEmpty(meta?.NamespaceProperty) ? "default" : meta.NamespaceProperty;

    /// <summary>The canonical kind of the model type (list items from the API carry no kind).</summary>
    private static string KindOf(IKubernetesObject<V1ObjectMeta> obj)
        => InventoryKinds.ForType(obj.GetType())?.Kind ?? (string.IsNullOrEmpty(obj.Kind) ? obj.GetType().Name : obj.Kind);

    /// <summary>The controller ownerReference (controller: true), else the first ownerReference.</summary>
    private static OwnerLink? OwnerOf(V1ObjectMeta meta, StringPool pool)
    {
        if (meta.OwnerReferences is not { Count: > 0 } owners)
            return null;
        var owner = owners.FirstOrDefault(o => o.Controller == true) ?? owners[0];
        var group = owner.ApiVersion is { } v && v.Contains('/', StringComparison.Ordinal) ? v[..v.IndexOf('/', StringComparison.Ordinal)] : "";
        // Owner names and uids repeat across every replica: intern them.
        return new OwnerLink(pool.Intern(group), pool.Intern(owner.Kind ?? ""), pool.Intern(owner.Name ?? ""), pool.InternOrNull(owner.Uid));
    }

    private static IReadOnlyDictionary<string, string> KubePostureAnnotations(IDictionary<string, string>? annotations, StringPool pool)
        => pool.Map(annotations, key => key.StartsWith(AnnotationPrefix, StringComparison.Ordinal));
}
