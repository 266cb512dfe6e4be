namespace KubePosture.Checks.Semantics;

/// <summary>
/// Which hostPath mounts hand over the node: the container runtime sockets, <c>/</c>, <c>/etc</c>, <c>/proc</c> and
/// <c>/var/lib/kubelet</c>, anything beneath them, and any directory above them (mounting <c>/var/run</c> exposes
/// docker.sock). <c>/var/run</c> is the same directory as <c>/run</c>.
/// </summary>
public static class HostPaths
{
    /// <summary>Runtime sockets and their directories (normalised, /var/run spelled /run).</summary>
    public static IReadOnlyList<string> RuntimeSockets { get; } =
    [
        "/run/docker.sock",
        "/run/docker",
        "/run/containerd",
        "/run/containerd/containerd.sock",
        "/run/crio",
        "/run/crio/crio.sock",
        "/run/cri-dockerd.sock",
    ];

    /// <summary>Directories whose whole subtree is sensitive.</summary>
    public static IReadOnlyList<string> SensitiveTrees { get; } = ["/etc", "/proc", "/var/lib/kubelet"];

    /// <summary>Collapses duplicate and trailing slashes, resolves "." and "..", and maps /var/run to /run.</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
                continue;
            if (part == "..")
            {
                if (parts.Count > 0)
                    parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        var normalized = "/" + string.Join('/', parts);
        if (normalized == "/var/run" || normalized.StartsWith("/var/run/", StringComparison.Ordinal))
            normalized = normalized[4..];
        return normalized;
    }

    /// <summary>Why a host path is critical, or null when it is not one of the node-takeover paths.</summary>
    public static string? CriticalReason(string path)
    {
        var p = Normalize(path);
        if (p == "/")
            return "the node's root filesystem";
        foreach (var socket in RuntimeSockets)
        {
            if (IsSameOrUnder(p, socket))
                return $"the container runtime ({socket})";
            if (IsSameOrUnder(socket, p))
                return $"a directory containing the container runtime socket {socket}";
        }

        foreach (var tree in SensitiveTrees)
        {
            if (IsSameOrUnder(p, tree))
                return $"node configuration or credentials under {tree}";
            if (IsSameOrUnder(tree, p))
                return $"a directory containing {tree}";
        }

        return null;
    }

    private static bool IsSameOrUnder(string path, string root) =>
        path == root || path.StartsWith(root + "/", StringComparison.Ordinal);
}
