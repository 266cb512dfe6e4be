namespace KubePosture.Runtime.Client;

public enum WatchEventKind
{
    Added,
    Modified,
    Deleted,
    Bookmark,
}

/// <summary>One event of a watch stream. A bookmark carries only <c>metadata.resourceVersion</c>.</summary>
public sealed record WatchEvent<T>(WatchEventKind Kind, T Object);
