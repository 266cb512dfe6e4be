namespace KubePosture.Api;

internal static class AssemblyMarker { }
