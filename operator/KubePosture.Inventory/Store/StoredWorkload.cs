using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;

namespace KubePosture.Inventory.Store;

/// <summary>The owner a workload object points to: its controller ownerReference.</summary>
internal sealed record OwnerLink(string Group, string Kind, string Name, string? Uid);

/// <summary>
/// What the store keeps of one workload object (a pod or a controller). A pod owned by a controller kind the
/// store tracks is kept slim: <see cref="Spec"/> is null and only its owner, node, running images and
/// ephemeral containers remain; everything else comes from the owner's pod template.
/// </summary>
internal sealed record StoredWorkload(
    ResourceRef Ref,
    string? Uid,
    OwnerLink? Owner,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> PodLabels,
    PodSpecRecord? Spec,
    bool IsPod,
    string? NodeName,
    IReadOnlyList<RunningImage> Running,
    IReadOnlyList<ContainerRecord> EphemeralContainers);
