namespace KubePosture.Inventory;

internal static class AssemblyMarker { }
