namespace KubePosture.Aws;

internal static class AssemblyMarker { }
