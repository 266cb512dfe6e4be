using System.Net;
using k8s.Models;

namespace KubePosture.Runtime.Client;

/// <summary>An API server answer other than success, with the server's <see cref="V1Status"/> when it sent one.</summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(HttpStatusCode statusCode, string method, string path, V1Status? status, string? body)
        : base($"{method} {path}: {(int)statusCode} {status?.Reason ?? statusCode.ToString()}: {status?.Message ?? Truncate(body)}")
    {
        StatusCode = statusCode;
        Status = status;
    }

    public HttpStatusCode StatusCode { get; }

    public V1Status? Status { get; }

    /// <summary>How long the server asked to wait before retrying (a 429's or 503's Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    /// <summary>410 Gone / reason Expired: the requested resourceVersion is too old; the caller must relist.</summary>
    public bool IsGone => StatusCode == HttpStatusCode.Gone || Status?.Reason == "Expired" || Status?.Code == 410;

    public bool IsForbidden => StatusCode == HttpStatusCode.Forbidden;

    private static string Truncate(string? body) =>
        string.IsNullOrEmpty(body) ? "(no body)" : body.Length > 300 ? body[..300] + "…" : body;
}
