namespace KubePosture.KubeEmulator;

/// <summary>How a <see cref="KubeEmulatorServer"/> starts.</summary>
public sealed class KubeEmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 lets the operating system choose a free one.</summary>
    public int Port { get; set; }

    /// <summary>How many watch events are kept for resuming watches; older resourceVersions get 410 Gone.</summary>
    public int WatchHistorySize { get; set; } = 10_000;

    /// <summary>Clock for creationTimestamp, deletionTimestamp, ages and bookmarks (not for the TLS certificates,
    /// which must be valid on the clients' wall clock).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>When false every authenticated user may do everything (authentication still applies).</summary>
    public bool EnforceRbac { get; set; } = true;

    /// <summary>How often a watch with allowWatchBookmarks=true receives a BOOKMARK event (kube-apiserver: about a minute).</summary>
    public TimeSpan WatchBookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The version /version reports (kubectl warns when its skew to the server is large).</summary>
    public string KubernetesVersion { get; set; } = "v1.32.0";

    /// <summary>How many paginated list snapshots are kept for continue tokens; older tokens get 410 Expired.</summary>
    public int ListSnapshotCacheSize { get; set; } = 64;

    /// <summary>The most request log entries kept (oldest are dropped first).</summary>
    public int RequestLogCapacity { get; set; } = 200_000;

    /// <summary>Count the response bytes sent per bearer token (<see cref="KubeEmulatorServer.ResponseBytes"/>); off by
    /// default because it routes every response through a counting stream.</summary>
    public bool CountResponseBytes { get; set; }
}
