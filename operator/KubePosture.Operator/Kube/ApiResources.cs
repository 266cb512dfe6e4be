using KubePosture.Api;
using KubePosture.Inventory;
using KubePosture.Runtime.Client;

namespace KubePosture.Operator.Kube;

/// <summary>REST coordinates of the kinds the operator reads and writes.</summary>
public static class ApiResources
{
    public static readonly ResourceType PostureScans = new(ApiConstants.Group, ApiConstants.Version, ApiConstants.PostureScanPlural, ApiConstants.PostureScanKind, Namespaced: true);

    public static readonly ResourceType PostureExceptions = new(ApiConstants.Group, ApiConstants.Version, ApiConstants.PostureExceptionPlural, ApiConstants.PostureExceptionKind, Namespaced: true);

    public static readonly ResourceType Events = new("", "v1", "events", "Event", Namespaced: true);

    public static ResourceType Of(InventoryKind kind) => new(kind.Group, kind.Version, kind.Plural, kind.Kind, kind.Namespaced);
}
