using KubePosture.Checks.Inventory;

namespace KubePosture.Inventory.Store;

/// <summary>
/// Builds <see cref="WorkloadRecord"/>s from stored workload objects: resolves each object's top owner present
/// in the store (Pod → ReplicaSet → Deployment, Pod → Job → CronJob), folds pods into it (count, running images,
/// nodes, ephemeral containers), and emits one record per top owner. Intermediate owners (a Deployment's
/// ReplicaSets, a CronJob's Jobs) are not emitted. A pod kept slim whose owner is no longer in the store is
/// skipped: its spec is gone with the owner and the garbage collector will delete it.
/// </summary>
internal sealed class WorkloadFolder(Func<OwnerLink, string, StoredWorkload?> findOwner)
{
    private const int MaxOwnerDepth = 8;

    private sealed class Accumulator(StoredWorkload top)
    {
        public StoredWorkload Top { get; } = top;
        public int Pods { get; set; }
        public List<RunningImage> Running { get; } = [];
        public SortedSet<string> Nodes { get; } = new(StringComparer.Ordinal);
        public List<ContainerRecord> Ephemeral { get; } = [];
    }

    private readonly Dictionary<StoredWorkload, Accumulator> _tops = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<StoredWorkload, StoredWorkload> _topCache = new(ReferenceEqualityComparer.Instance);

    public int SkippedOrphanPods { get; private set; }

    public void Add(StoredWorkload workload)
    {
        var top = TopOwner(workload);
        if (!_tops.TryGetValue(top, out var acc))
            _tops[top] = acc = new Accumulator(top);
        if (!workload.IsPod)
            return;

        acc.Pods++;
        foreach (var running in workload.Running)
        {
            if (!acc.Running.Contains(running))
                acc.Running.Add(running);
        }

        if (workload.NodeName is { } node)
            acc.Nodes.Add(node);
        if (!ReferenceEquals(top, workload))
        {
            foreach (var ephemeral in workload.EphemeralContainers)
            {
                if (!acc.Ephemeral.Exists(e => e.Name == ephemeral.Name && e.Image == ephemeral.Image))
                    acc.Ephemeral.Add(ephemeral);
            }
        }
    }

    public List<WorkloadRecord> Build()
    {
        var result = new List<WorkloadRecord>(_tops.Count);
        foreach (var acc in _tops.Values)
        {
            var top = acc.Top;
            if (top.Spec is null)
            {
                SkippedOrphanPods += acc.Pods;
                continue;
            }

            var spec = acc.Ephemeral.Count == 0 ? top.Spec : top.Spec with { Containers = [.. top.Spec.Containers, .. acc.Ephemeral] };
            result.Add(new WorkloadRecord(
                top.Ref,
                top.Labels,
                top.Annotations,
                top.PodLabels,
                spec,
                acc.Pods,
                acc.Running.ToArray(),
                acc.Nodes.ToArray()));
        }

        result.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Namespace, b.Namespace);
            if (c == 0)
                c = string.CompareOrdinal(a.Ref.Kind, b.Ref.Kind);
            return c != 0 ? c : string.CompareOrdinal(a.Ref.Name, b.Ref.Name);
        });
        return result;
    }

    private StoredWorkload TopOwner(StoredWorkload workload)
    {
        if (_topCache.TryGetValue(workload, out var cached))
            return cached;
        var current = workload;
        for (var depth = 0; depth < MaxOwnerDepth && current.Owner is { } owner; depth++)
        {
            var next = findOwner(owner, current.Ref.Namespace ?? "");
            if (next is null || ReferenceEquals(next, workload))
                break;
            current = next;
        }

        _topCache[workload] = current;
        return current;
    }
}
