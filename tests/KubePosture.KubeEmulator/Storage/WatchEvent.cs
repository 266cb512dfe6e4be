namespace KubePosture.KubeEmulator.Storage;

/// <summary>
/// A change in the store: ADDED, MODIFIED or DELETED with the state before (for selector transitions), or a
/// BOOKMARK marker (no object) queued in order behind every event up to <see cref="ResourceVersion"/>.
/// </summary>
internal sealed record WatchEvent(string Type, StoredObject? Object, StoredObject? Previous, long ResourceVersion)
{
    public static WatchEvent Bookmark(long resourceVersion) => new("BOOKMARK", null, null, resourceVersion);
}
