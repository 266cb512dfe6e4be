namespace KubePosture.Runtime;

internal static class AssemblyMarker { }
