using k8s;
using k8s.Models;

namespace KubePosture.Inventory.Manifests;

/// <summary>
/// One result of reading manifests, located by file, document (1-based, counting non-empty documents), the item
/// within a List document (1-based) when there is one, and the line where it starts.
/// </summary>
public abstract record ManifestEntry(string File, int Document, int? Item, long Line)
{
    /// <summary>"deploy.yaml document 2 item 5 (line 120)".</summary>
    public string Location => $"{File} document {Document}{(Item is { } i ? $" item {i}" : "")} (line {Line})";
}

/// <summary>
/// A Kubernetes object of a kind the inventory reads, deserialized into its KubernetesClient model. An object written
/// in an API version Kubernetes removed is read as its replacement (<see cref="Object"/>'s apiVersion is the
/// replacement) and <see cref="Removed"/> says what was written.
/// </summary>
public sealed record ManifestObject(string File, int Document, int? Item, long Line, IKubernetesObject<V1ObjectMeta> Object)
    : ManifestEntry(File, Document, Item, Line)
{
    /// <summary>The removed API version the object was written in, or null when it is a served one.</summary>
    public RemovedApiVersions.Removal? Removed { get; init; }
}

/// <summary>A well-formed object of a kind the inventory does not read (a Secret, a CRD instance, ...); skipped unparsed.</summary>
public sealed record ManifestSkipped(string File, int Document, int? Item, long Line, string ApiVersion, string Kind)
    : ManifestEntry(File, Document, Item, Line);

/// <summary>A document (or item) that could not be read; the reader goes on with the next one.</summary>
public sealed record ManifestError(string File, int Document, int? Item, long Line, string Message)
    : ManifestEntry(File, Document, Item, Line)
{
    public override string ToString() => $"{Location}: {Message}";
}
