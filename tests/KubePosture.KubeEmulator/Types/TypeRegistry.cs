namespace KubePosture.KubeEmulator.Types;

/// <summary>
/// Every served group/version/resource: the built-ins plus the versions of stored CRDs. Reads are lock-free
/// on an immutable snapshot; the CRD controller replaces the custom part when a CRD changes.
/// </summary>
internal sealed class TypeRegistry
{
    private sealed record Snapshot(
        IReadOnlyList<ResourceType> All,
        Dictionary<(string Group, string Version, string Plural), ResourceType> ByResource,
        Dictionary<(string ApiVersion, string Kind), ResourceType> ByKind,
        Dictionary<string, ResourceType> ByGroupResource);

    private volatile Snapshot _snapshot;
    private readonly Dictionary<string, IReadOnlyList<ResourceType>> _custom = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public TypeRegistry() => _snapshot = Rebuild();

    public IReadOnlyList<ResourceType> All => _snapshot.All;

    public ResourceType? Find(string group, string version, string plural) =>
        _snapshot.ByResource.GetValueOrDefault((group, version, plural));

    public ResourceType? FindByKind(string apiVersion, string kind) =>
        _snapshot.ByKind.GetValueOrDefault((apiVersion, kind));

    /// <summary>The storage type (preferred version) for a group resource like "widgets.example.com".</summary>
    public ResourceType? FindByGroupResource(string groupResource) =>
        _snapshot.ByGroupResource.GetValueOrDefault(groupResource);

    /// <summary>Sets (or with an empty list removes) the served versions defined by one CRD; storage version first.</summary>
    public void SetCustom(string crdName, IReadOnlyList<ResourceType> versions)
    {
        lock (_gate)
        {
            if (versions.Count == 0) _custom.Remove(crdName);
            else _custom[crdName] = versions;
            _snapshot = Rebuild();
        }
    }

    private Snapshot Rebuild()
    {
        var all = new List<ResourceType>(BuiltinTypes.All);
        foreach (var versions in _custom.Values) all.AddRange(versions);
        var byResource = new Dictionary<(string, string, string), ResourceType>();
        var byKind = new Dictionary<(string, string), ResourceType>();
        var byGroupResource = new Dictionary<string, ResourceType>(StringComparer.Ordinal);
        foreach (var t in all)
        {
            byResource[(t.Group, t.Version, t.Plural)] = t;
            byKind.TryAdd((t.ApiVersion, t.Kind), t);
            byGroupResource.TryAdd(t.GroupResource, t);
        }
        return new Snapshot(all, byResource, byKind, byGroupResource);
    }
}
