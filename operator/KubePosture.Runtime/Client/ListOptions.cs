namespace KubePosture.Runtime.Client;

/// <summary>Query of a LIST or WATCH call. Null members are left out of the URL.</summary>
public sealed record ListOptions
{
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size of a paginated LIST.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    public string? ResourceVersion { get; init; }

    /// <summary>Server-side end of a WATCH (the server closes the stream after it).</summary>
    public int? TimeoutSeconds { get; init; }

    public bool AllowWatchBookmarks { get; init; }
}
