namespace KubePosture.Inventory;

/// <summary>
/// A Kubernetes kind the inventory reads: its source name (<see cref="Checks.Inventory.InventorySource"/>), API
/// coordinates for list/watch, and the KubernetesClient model type (<see cref="ClrType"/>, such as V1Pod).
/// </summary>
public sealed record InventoryKind(string Source, string Group, string Version, string Plural, string Kind, bool Namespaced, Type ClrType)
{
    /// <summary>apiVersion as written in manifests: "v1" for the core group, otherwise "group/version".</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
