using k8s;
using k8s.Models;
using KubePosture.Checks.Inventory;
using KubePosture.Inventory.Mapping;
using KubePosture.Inventory.Store;

namespace KubePosture.Inventory;

/// <summary>
/// Thread-safe cache of slim inventory records, fed by watch events (<see cref="Upsert"/>, <see cref="Delete"/>),
/// relists (<see cref="ReplaceAll"/>) or manifests, and read as a scoped <see cref="ClusterInventory"/> by
/// <see cref="Snapshot"/>. Objects are mapped on the way in; no KubernetesClient object is retained. Pods owned
/// by a tracked controller keep only owner, node, running images and ephemeral containers (unless the store is
/// built with <c>retainOwnedPodSpecs</c>, as the offline scan does: a manifest dump may hold pods whose owners
/// it lacks). Only the kube-system/aws-auth ConfigMap is accepted; Secrets are never read.
/// </summary>
public sealed class InventoryStore
{
    public const string AwsAuthNamespace = "kube-system";
    public const string AwsAuthName = "aws-auth";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<(string Namespace, string Name), Stored>> _bySource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceProblem> _unavailable = new(StringComparer.Ordinal);

    /// <summary>Objects that could not be mapped, by source and key, with why: their source is reported unavailable.</summary>
    private readonly Dictionary<string, Dictionary<(string Namespace, string Name), string>> _unreadable = new(StringComparer.Ordinal);

    // Beside each record: a hash of the object's resourceVersion. An event or relist that brings an object at the
    // resourceVersion already stored (a watch restart, a periodic relist, a 410 recovery) changes nothing, so it
    // neither re-maps the object nor bumps Version (which would start a change-triggered rescan). Kept in the same
    // entry as the record: one map per source, not two keyed alike (about 28 bytes less per object).
    private readonly record struct Stored(object Record, int? Revision);
    private readonly bool _retainOwnedPodSpecs;
    private long _version;

    /// <param name="retainOwnedPodSpecs">Keep the spec of pods owned by a tracked controller (offline scans).</param>
    public InventoryStore(bool retainOwnedPodSpecs = false)
    {
        _retainOwnedPodSpecs = retainOwnedPodSpecs;
        foreach (var kind in InventoryKinds.All)
        {
            _bySource[kind.Source] = [];
        }
    }

    /// <summary>
    /// Raised after <see cref="Version"/> moved (an object added, changed or removed, a source's availability changed),
    /// outside the store's lock. Handlers must be quick: they run on the informer's thread.
    /// </summary>
    public event Action? Changed;

    /// <summary>Every kind the store accepts, with its source name, API coordinates and model type.</summary>
    public static IReadOnlyList<InventoryKind> SupportedKinds => InventoryKinds.All;

    /// <summary>Strings shared by the stored records.</summary>
    public StringPool Strings { get; } = new();

    /// <summary>Bumps on every change, so a scan can skip work when nothing changed.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Objects stored for a source.</summary>
    public int Count(string source)
    {
        lock (_lock)
            return _bySource.TryGetValue(source, out var objects) ? objects.Count : 0;
    }

    /// <summary>Whether the store accepts this object (a supported kind; for ConfigMaps only kube-system/aws-auth).</summary>
    public static bool Accepts(IKubernetesObject<V1ObjectMeta> obj)
        => InventoryKinds.ForType(obj.GetType()) is not null
           && (obj is not V1ConfigMap || IsAwsAuth(obj.Metadata));

    public void Upsert(IKubernetesObject<V1ObjectMeta> obj)
    {
        var revision = Revision(obj.Metadata);
        if (revision is { } r && InventoryKinds.ForType(obj.GetType()) is { } kind)
        {
            lock (_lock)
            {
                if (_bySource[kind.Source].TryGetValue(KeyOf(kind, obj.Metadata), out var stored) && stored.Revision == r)
                    return;
            }
        }

        (string Source, (string, string) Key, object Record)? result;
        try
        {
            result = Map(obj);
        }
        catch (Exception e) when (IsMappingFailure(e))
        {
            Unreadable(obj, e);
            return;
        }

        if (result is not { } mapped)
            return;
        lock (_lock)
        {
            ForgetUnreadable(mapped.Source, mapped.Key);
            var records = _bySource[mapped.Source];
            if (records.TryGetValue(mapped.Key, out var before) && RecordContent.Equal(before.Record, mapped.Record))
            {
                // Only the resourceVersion moved (a status heartbeat, a readiness flip): nothing a check reads changed.
                records[mapped.Key] = before with { Revision = revision };
                return;
            }

            records[mapped.Key] = new Stored(mapped.Record, revision);
            _version++;
        }

        Changed?.Invoke();
    }

    /// <summary>A hash of the object's resourceVersion; null when it has none (manifests), so it is always taken.</summary>
    private static int? Revision(V1ObjectMeta? metadata) =>
        string.IsNullOrEmpty(metadata?.ResourceVersion) ? null : StringComparer.Ordinal.GetHashCode(metadata.ResourceVersion);

    public void Delete(IKubernetesObject<V1ObjectMeta> obj)
    {
        var kind = InventoryKinds.ForType(obj.GetType());
        if (kind is null || (obj is V1ConfigMap && !IsAwsAuth(obj.Metadata)))
            return;
        var key = KeyOf(kind, obj.Metadata);
        bool removed;
        lock (_lock)
        {
            removed = _bySource[kind.Source].Remove(key) | ForgetUnreadable(kind.Source, key);
            if (removed)
                _version++;
        }

        if (removed)
            Changed?.Invoke();
    }

    /// <summary>Replaces every object of a source (after a list or relist) and marks the source available.</summary>
    public void ReplaceAll(string source, IEnumerable<IKubernetesObject<V1ObjectMeta>> objects)
    {
        var replacement = BeginReplace(source);
        replacement.AddRange(objects);
        replacement.Commit();
    }

    /// <summary>
    /// Starts replacing a source's content from a (re)list that arrives page by page: each page is mapped to slim
    /// records at once (so the caller can drop the full objects), and the source is swapped in one step at
    /// <see cref="Replacement.Commit"/>; snapshots meanwhile see the previous content.
    /// </summary>
    public Replacement BeginReplace(string source)
    {
        if (InventoryKinds.ForSource(source) is null)
            throw new ArgumentException($"source \"{source}\": not an inventory source; use one of {string.Join(", ", InventoryKinds.All.Select(k => k.Source))}", nameof(source));
        return new Replacement(this, source);
    }

    /// <summary>A replacement of one source in progress (<see cref="BeginReplace"/>).</summary>
    public sealed class Replacement
    {
        private readonly InventoryStore _store;
        private readonly string _source;
        private readonly Dictionary<(string, string), Stored> _records = new();
        private readonly Dictionary<(string, string), string> _unreadable = new();

        internal Replacement(InventoryStore store, string source)
        {
            _store = store;
            _source = source;
        }

        public void AddRange(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects)
        {
            foreach (var obj in objects)
            {
                (string Source, (string, string) Key, object Record)? result;
                try
                {
                    result = _store.Map(obj);
                }
                catch (Exception e) when (IsMappingFailure(e))
                {
                    _unreadable[KeyOf(obj)] = Describe(obj, e);
                    continue;
                }

                if (result is not { } mapped)
                    continue;
                if (mapped.Source != _source)
                    throw new ArgumentException($"source \"{_source}\": got a {obj.GetType().Name}, which belongs to \"{mapped.Source}\"", nameof(objects));
                _records[mapped.Key] = new Stored(mapped.Record, Revision(obj.Metadata));
            }
        }

        /// <summary>Swaps the source in; <see cref="Version"/> moves only when something differs from what was stored.</summary>
        public void Commit()
        {
            bool changed;
            lock (_store._lock)
            {
                var before = _store._bySource[_source];
                // An object without a resourceVersion (a manifest) is always taken as changed.
                var hadUnreadable = _store._unreadable.Remove(_source, out var previouslyUnreadable);
                if (_unreadable.Count > 0)
                    _store._unreadable[_source] = _unreadable;
                changed = _store._unavailable.Remove(_source)
                    || hadUnreadable != (_unreadable.Count > 0)
                    || (hadUnreadable && !previouslyUnreadable!.OrderBy(p => p.Key).SequenceEqual(_unreadable.OrderBy(p => p.Key)))
                    || _records.Count != before.Count
                    || _records.Any(p => p.Value.Revision is not { } r || !before.TryGetValue(p.Key, out var b) || b.Revision != r);
                _store._bySource[_source] = _records;
                if (changed)
                    _store._version++;
            }

            if (changed)
                _store.Changed?.Invoke();
        }

        private (string, string) KeyOf(IKubernetesObject<V1ObjectMeta> obj) => _store.KeyOf(InventoryKinds.ForSource(_source)!, obj.Metadata);
    }

    /// <summary>
    /// What a mapper may throw on an object of unexpected shape (a programming gap, never the object's fault): the
    /// object is reported unreadable instead of failing the informer.
    /// </summary>
    private static bool IsMappingFailure(Exception e) => e is not (OutOfMemoryException or OperationCanceledException);

    private static string Describe(IKubernetesObject<V1ObjectMeta> obj, Exception e)
    {
        var name = string.IsNullOrEmpty(obj.Metadata?.NamespaceProperty) ? obj.Metadata?.Name : $"{obj.Metadata.NamespaceProperty}/{obj.Metadata.Name}";
        var message = e.Message.Length > 200 ? e.Message[..200] + "…" : e.Message;
        return $"{obj.GetType().Name.TrimStart('V', '1')} {name} could not be read ({e.GetType().Name}: {message})";
    }

    /// <summary>
    /// An object that cannot be mapped: its previous record is dropped (never stale data standing in for the current
    /// object) and its source reported unavailable naming it, so the checks that read it are not evaluated.
    /// </summary>
    private void Unreadable(IKubernetesObject<V1ObjectMeta> obj, Exception e)
    {
        if (InventoryKinds.ForType(obj.GetType()) is not { } kind)
            return;
        var key = KeyOf(kind, obj.Metadata);
        lock (_lock)
        {
            _bySource[kind.Source].Remove(key);
            if (!_unreadable.TryGetValue(kind.Source, out var objects))
                _unreadable[kind.Source] = objects = new();
            objects[key] = Describe(obj, e);
            _version++;
        }

        Changed?.Invoke();
    }

    /// <summary>Under the lock: the object is readable again (or gone); true when it had been unreadable.</summary>
    private bool ForgetUnreadable(string source, (string, string) key)
    {
        if (!_unreadable.TryGetValue(source, out var objects) || !objects.Remove(key))
            return false;
        if (objects.Count == 0)
            _unreadable.Remove(source);
        return true;
    }

    /// <summary>Records that a source cannot be read (forbidden, not served); checks that need it are not evaluated.</summary>
    public void MarkUnavailable(string source, SourceProblem problem)
    {
        lock (_lock)
        {
            if (_unavailable.TryGetValue(source, out var existing) && existing == problem)
                return;
            _unavailable[source] = problem;
            _version++;
        }

        Changed?.Invoke();
    }

    public void MarkAvailable(string source)
    {
        bool changed;
        lock (_lock)
        {
            changed = _unavailable.Remove(source);
            if (changed)
                _version++;
        }

        if (changed)
            Changed?.Invoke();
    }

    /// <summary>Namespaces known to the store: Namespace objects, and namespaces named by stored namespaced objects.</summary>
    public IReadOnlyList<NamespaceRecord> ListNamespaces()
    {
        lock (_lock)
        {
            var result = new Dictionary<string, NamespaceRecord>(StringComparer.Ordinal);
            foreach (var stored in _bySource[InventorySource.Namespaces].Values)
            {
                var ns = (NamespaceRecord)stored.Record;
                result[ns.Name] = ns;
            }

            foreach (var (source, objects) in _bySource)
            {
                if (source == InventorySource.Namespaces || !InventoryKinds.ForSource(source)!.Namespaced)
                    continue;
                foreach (var (ns, _) in objects.Keys)
                {
                    if (!result.ContainsKey(ns))
                        result[ns] = new NamespaceRecord(ns, StringPool.EmptyMap);
                }
            }

            return result.Values.OrderBy(n => n.Name, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>
    /// A scoped, immutable view for one scan. A tenant scope (<see cref="InventoryScope.ClusterScoped"/> false)
    /// sees only its namespaces and no cluster-scoped objects; those sources are reported unavailable so that
    /// checks needing them are not evaluated rather than passed.
    /// </summary>
    public ClusterInventory Snapshot(InventoryScope scope, DateTimeOffset scanTime, CheckSettings settings, string? controlPlaneVersion)
    {
        var namespaces = new List<NamespaceRecord>();
        var serviceAccounts = new List<ServiceAccountRecord>();
        var roles = new List<RoleRecord>();
        var bindings = new List<BindingRecord>();
        var policies = new List<NetworkPolicyRecord>();
        var services = new List<ServiceRecord>();
        var ingresses = new List<IngressRecord>();
        var ingressClasses = new List<IngressClassRecord>();
        var nodes = new List<NodeRecord>();
        var storageClasses = new List<StorageClassRecord>();
        var volumes = new List<PersistentVolumeRecord>();
        AwsAuthRecord? awsAuth = null;
        Dictionary<string, SourceProblem> unavailable;
        List<WorkloadRecord> workloads;

        lock (_lock)
        {
            var folder = new WorkloadFolder(FindOwner);
            foreach (var source in InventorySource.Workloads)
            {
                foreach (var ((ns, _), stored) in _bySource[source])
                {
                    if (scope.InScope(ns))
                        folder.Add((StoredWorkload)stored.Record);
                }
            }

            workloads = folder.Build();
            namespaces.AddRange(Records<NamespaceRecord>(InventorySource.Namespaces).Where(n => scope.Namespaces.Contains(n.Name)));
            serviceAccounts.AddRange(InScope<ServiceAccountRecord>(InventorySource.ServiceAccounts, scope));
            roles.AddRange(InScope<RoleRecord>(InventorySource.Roles, scope));
            bindings.AddRange(InScope<BindingRecord>(InventorySource.RoleBindings, scope));
            policies.AddRange(InScope<NetworkPolicyRecord>(InventorySource.NetworkPolicies, scope));
            services.AddRange(InScope<ServiceRecord>(InventorySource.Services, scope));
            ingresses.AddRange(InScope<IngressRecord>(InventorySource.Ingresses, scope));
            if (scope.ClusterScoped)
            {
                roles.AddRange(Records<RoleRecord>(InventorySource.ClusterRoles));
                bindings.AddRange(Records<BindingRecord>(InventorySource.ClusterRoleBindings));
                nodes.AddRange(Records<NodeRecord>(InventorySource.Nodes));
                ingressClasses.AddRange(Records<IngressClassRecord>(InventorySource.IngressClasses));
                storageClasses.AddRange(Records<StorageClassRecord>(InventorySource.StorageClasses));
                volumes.AddRange(Records<PersistentVolumeRecord>(InventorySource.PersistentVolumes));
                awsAuth = Records<AwsAuthRecord>(InventorySource.ConfigMapAwsAuth).FirstOrDefault();
            }

            unavailable = new Dictionary<string, SourceProblem>(_unavailable, StringComparer.Ordinal);
            foreach (var (source, objects) in _unreadable)
            {
                var inScope = objects.Where(p => InventoryKinds.ForSource(source)!.Namespaced ? scope.InScope(p.Key.Namespace) : scope.ClusterScoped).Select(p => p.Value).Order(StringComparer.Ordinal).ToList();
                if (inScope.Count > 0 && !unavailable.ContainsKey(source))
                    unavailable[source] = SourceProblem.Unreadable(string.Join("; ", inScope.Take(3)) + (inScope.Count > 3 ? $"; and {inScope.Count - 3} more" : ""));
            }
        }

        if (!scope.ClusterScoped)
        {
            foreach (var source in ClusterScopedSources)
                unavailable.TryAdd(source, SourceProblem.OutOfTenantScope);
        }

        return new ClusterInventory
        {
            ScanTime = scanTime,
            Scope = scope,
            ControlPlaneVersion = controlPlaneVersion,
            Settings = settings,
            Namespaces = namespaces.OrderBy(n => n.Name, StringComparer.Ordinal).ToArray(),
            Workloads = workloads,
            ServiceAccounts = serviceAccounts.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToArray(),
            Roles = roles.OrderBy(r => r.Namespace ?? "", StringComparer.Ordinal).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToArray(),
            Bindings = bindings.OrderBy(b => b.Namespace ?? "", StringComparer.Ordinal).ThenBy(b => b.Kind, StringComparer.Ordinal).ThenBy(b => b.Name, StringComparer.Ordinal).ToArray(),
            NetworkPolicies = policies.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToArray(),
            Services = services.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToArray(),
            Ingresses = ingresses.OrderBy(i => i.Namespace, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ToArray(),
            IngressClasses = ingressClasses.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray(),
            Nodes = nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToArray(),
            StorageClasses = storageClasses.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray(),
            PersistentVolumes = volumes.OrderBy(v => v.Name, StringComparer.Ordinal).ToArray(),
            AwsAuth = awsAuth,
            UnavailableSources = unavailable,
        };
    }

    /// <summary>Sources holding cluster-scoped objects (aws-auth counts: it configures the whole cluster).</summary>
    public static IReadOnlyList<string> ClusterScopedSources { get; } =
        [InventorySource.Nodes, InventorySource.ClusterRoles, InventorySource.ClusterRoleBindings, InventorySource.ConfigMapAwsAuth,
            InventorySource.IngressClasses, InventorySource.StorageClasses, InventorySource.PersistentVolumes];

    private IEnumerable<T> InScope<T>(string source, InventoryScope scope)
    {
        foreach (var ((ns, _), stored) in _bySource[source])
        {
            if (scope.InScope(ns))
                yield return (T)stored.Record;
        }
    }

    private IEnumerable<T> Records<T>(string source) => _bySource[source].Values.Select(stored => (T)stored.Record);

    private StoredWorkload? FindOwner(OwnerLink owner, string @namespace)
    {
        if (InventoryKinds.WorkloadSourceOf(owner.Group, owner.Kind) is not { } source)
            return null;
        if (!_bySource[source].TryGetValue((@namespace, owner.Name), out var found))
            return null;
        var workload = (StoredWorkload)found.Record;
        // A recreated object with the same name is not the owner of the old one's dependents.
        return owner.Uid is not null && workload.Uid is not null && owner.Uid != workload.Uid ? null : workload;
    }

    private (string Source, (string, string) Key, object Record)? Map(IKubernetesObject<V1ObjectMeta> obj)
    {
        var kind = InventoryKinds.ForType(obj.GetType());
        if (kind is null)
            return null;
        object? record = obj switch
        {
            V1ConfigMap cm => IsAwsAuth(cm.Metadata) ? AwsAuthParser.Parse(cm.Data) : null,
            V1Namespace ns => ClusterObjectMapper.Map(ns, Strings),
            V1Node node => ClusterObjectMapper.Map(node, Strings),
            V1Service svc => ClusterObjectMapper.Map(svc, Strings),
            V1ServiceAccount sa => ClusterObjectMapper.Map(sa, Strings),
            V1Role role => RbacMapper.Map(role, Strings),
            V1ClusterRole role => RbacMapper.Map(role, Strings),
            V1RoleBinding binding => RbacMapper.Map(binding, Strings),
            V1ClusterRoleBinding binding => RbacMapper.Map(binding, Strings),
            V1NetworkPolicy policy => NetworkPolicyMapper.Map(policy, Strings),
            V1Ingress ingress => IngressMapper.Map(ingress, Strings),
            V1IngressClass ingressClass => IngressMapper.Map(ingressClass, Strings),
            V1StorageClass storageClass => StorageMapper.Map(storageClass, Strings),
            V1PersistentVolume volume => StorageMapper.Map(volume, Strings),
            _ => WorkloadMapper.Map(obj, Strings, _retainOwnedPodSpecs),
        };
        return record is null ? null : (kind.Source, KeyOf(kind, obj.Metadata), record);
    }

    private (string, string) KeyOf(InventoryKind kind, V1ObjectMeta? meta)
        => (kind.Namespaced ? Strings.Intern(WorkloadMapper.NamespaceOf(meta)) : "", meta?.Name ?? "");

    private static bool IsAwsAuth(V1ObjectMeta? meta) => meta?.Name == AwsAuthName && meta.NamespaceProperty == AwsAuthNamespace;
}
