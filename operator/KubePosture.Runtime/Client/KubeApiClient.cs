using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace KubePosture.Runtime.Client;

/// <summary>
/// A small REST client over the authenticated <see cref="Kubernetes"/> transport that any kind can use through a
/// <see cref="ResourceType"/>: paginated LIST, WATCH with bookmarks and resume, GET, CREATE, REPLACE (with the read
/// resourceVersion), the <c>/status</c> subresource, PATCH and DELETE. Every failure surfaces as a
/// <see cref="KubeApiException"/>; nothing is swallowed.
/// </summary>
public sealed class KubeApiClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private readonly Kubernetes _kubernetes;

    public KubeApiClient(Kubernetes kubernetes)
    {
        _kubernetes = kubernetes;
    }

    public Kubernetes Kubernetes => _kubernetes;

    /// <summary>One page of a LIST. <typeparamref name="TList"/> is the list model, e.g. <see cref="V1PodList"/>.</summary>
    /// <param name="serializer">Options to read the page with; KubernetesClient's (<see cref="SerializerOptions"/>) by default.</param>
    public async Task<TList> ListAsync<TList>(ResourceType type, ListOptions options, CancellationToken cancellationToken, JsonSerializerOptions? serializer = null)
    {
        var path = type.CollectionPath(options.Namespace) + Query(options, watch: false);
        // Streamed: a page is deserialized as it arrives, from pooled buffers, not first copied whole into a
        // large-object-heap array (a 500-pod page is about 700 KB; a 50,000-pod sync reads 200 of them).
        using var response = await SendAsync(HttpMethod.Get, path, null, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return await ReadAsync<TList>(response, cancellationToken, serializer);
    }

    /// <summary>
    /// Every item of a LIST, requested a page of <see cref="ListOptions.Limit"/> at a time (the continue token followed):
    /// the caller holds one page, not the whole collection.
    /// </summary>
    public async IAsyncEnumerable<T> ListItemsAsync<T>(ResourceType type, ListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = options;
        do
        {
            var list = await ListAsync<KubeList<T>>(type, page, cancellationToken);
            foreach (var item in list.Items)
                yield return item;
            page = options with { Continue = string.IsNullOrEmpty(list.Metadata.ContinueProperty) ? null : list.Metadata.ContinueProperty };
        }
        while (page.Continue is not null);
    }

    /// <summary>
    /// A WATCH from <see cref="ListOptions.ResourceVersion"/>. The stream ends when the server closes it
    /// (<see cref="ListOptions.TimeoutSeconds"/>); an ERROR event is thrown as a <see cref="KubeApiException"/>
    /// (410 Gone means the caller must relist).
    /// </summary>
    /// <param name="serializer">Options to read the events' objects with; KubernetesClient's by default.</param>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ResourceType type, ListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken, JsonSerializerOptions? serializer = null)
    {
        var path = type.CollectionPath(options.Namespace) + Query(options, watch: true);
        using var response = await SendAsync(HttpMethod.Get, path, null, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                yield break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            yield return ParseWatchLine<T>(line, path, serializer ?? KubernetesJsonOptions);
        }
    }

    /// <summary>GET one object; null when it does not exist.</summary>
    public async Task<T?> GetAsync<T>(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, type.ObjectPath(@namespace, name), null, null, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return await ReadAsync<T>(response, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>GET a path that is not an object, such as discovery (<c>apis/openreports.io/v1alpha1</c>); null on 404.</summary>
    public async Task<T?> GetPathAsync<T>(string relativePath, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, relativePath.TrimStart('/'), null, null, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return await ReadAsync<T>(response, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public Task<T> CreateAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta> =>
        WriteAsync<T, T>(HttpMethod.Post, type.CollectionPath(obj.Metadata.NamespaceProperty), obj, cancellationToken);

    /// <summary>
    /// POST the object without reading back what was stored: for objects the caller writes and forgets (reports,
    /// thousands per scan of a large cluster), where reading each back would double the traffic it allocates.
    /// </summary>
    /// <returns>The stored object's metadata (its new resourceVersion), read from the response without its body.</returns>
    public async Task<V1ObjectMeta> PostAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta> =>
        (await WriteAsync<T, MetadataOnly>(HttpMethod.Post, type.CollectionPath(obj.Metadata.NamespaceProperty), obj, cancellationToken)).Metadata;

    /// <summary>PUT the object (optimistic concurrency on its resourceVersion) without reading back what was stored.</summary>
    /// <returns>The stored object's metadata (its new resourceVersion), read from the response without its body.</returns>
    public async Task<V1ObjectMeta> PutAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta> =>
        (await WriteAsync<T, MetadataOnly>(HttpMethod.Put, type.ObjectPath(obj.Metadata.NamespaceProperty, obj.Metadata.Name), obj, cancellationToken)).Metadata;

    /// <summary>PUT the object; its <c>metadata.resourceVersion</c> makes this an optimistic-concurrency write (409 on conflict).</summary>
    public Task<T> ReplaceAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta> =>
        WriteAsync<T, T>(HttpMethod.Put, type.ObjectPath(obj.Metadata.NamespaceProperty, obj.Metadata.Name), obj, cancellationToken);

    /// <summary>PUT to the <c>/status</c> subresource with the object's resourceVersion (409 on conflict).</summary>
    public Task<T> ReplaceStatusAsync<T>(ResourceType type, T obj, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta> =>
        WriteAsync<T, T>(HttpMethod.Put, type.ObjectPath(obj.Metadata.NamespaceProperty, obj.Metadata.Name, "status"), obj, cancellationToken);

    /// <summary>
    /// Sends <paramref name="obj"/> as UTF-8 JSON straight from the serializer (no UTF-16 string and re-encoded copy)
    /// and reads the stored object from the response stream as <typeparamref name="TRead"/>. The body is written into
    /// a buffer of its own, not one rented from the shared array pool (as <c>SerializeToUtf8Bytes</c> does): a report
    /// of a large cluster is a megabyte or two, and the pool keeps such arrays per thread long after the scan that
    /// wrote them, where the GC can give them back once the request is sent.
    /// </summary>
    private async Task<TRead> WriteAsync<T, TRead>(HttpMethod method, string path, T obj, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(InitialBodyBytes);
        using (var writer = new Utf8JsonWriter(body))
        {
            JsonSerializer.Serialize(writer, obj, KubernetesJsonOptions);
        }

        using var response = await SendAsync(method, path, body.WrittenMemory, JsonMediaType, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return await ReadAsync<TRead>(response, cancellationToken);
    }

    /// <summary>First size of a request body's buffer: most objects written (status, a namespace's report) fit.</summary>
    private const int InitialBodyBytes = 16 * 1024;

    /// <summary>PATCH with a JSON merge patch (<c>application/merge-patch+json</c>).</summary>
    public async Task<T> MergePatchAsync<T>(ResourceType type, string? @namespace, string name, string mergePatchJson, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Patch, type.ObjectPath(@namespace, name), Encoding.UTF8.GetBytes(mergePatchJson), new MediaTypeHeaderValue("application/merge-patch+json"), HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>DELETE; true when the object existed.</summary>
    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, type.ObjectPath(@namespace, name), null, null, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string relativePath, ReadOnlyMemory<byte>? body, MediaTypeHeaderValue? contentType, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_kubernetes.BaseUri, relativePath));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            request.Content.Headers.ContentType = contentType;
        }

        if (_kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        var response = await _kubernetes.HttpClient.SendAsync(request, completion, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = TryParseStatus(text);
            throw new KubeApiException(response.StatusCode, method.Method, "/" + relativePath.Split('?')[0], status, text)
            {
                RetryAfter = RetryAfter(response, status),
            };
        }
    }

    /// <summary>
    /// KubernetesClient's serializer options (its converters and source-generated models), for asynchronous reads:
    /// <see cref="KubernetesJson"/> itself only deserializes streams synchronously, which would block a thread per
    /// response while it downloads. <see cref="KubernetesJson.AddJsonOptions"/> hands over the options it uses.
    /// </summary>
    private static readonly JsonSerializerOptions KubernetesJsonOptions = CaptureKubernetesJsonOptions();

    /// <summary>The serializer options of <see cref="KubernetesJson"/>, for callers that serialize into their own buffers.</summary>
    public static JsonSerializerOptions SerializerOptions => KubernetesJsonOptions;

    private static JsonSerializerOptions CaptureKubernetesJsonOptions()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options ?? throw new InvalidOperationException("KubernetesJson.AddJsonOptions did not provide its serializer options");
    }

    /// <summary>How long the server asked the client to wait: the Retry-After header (seconds or a date), else the Status's details.retryAfterSeconds.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, V1Status? status)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (header.Date is { } date)
            {
                var left = date - DateTimeOffset.UtcNow;
                return left < TimeSpan.Zero ? TimeSpan.Zero : left;
            }
        }

        return status?.Details?.RetryAfterSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken, JsonSerializerOptions? serializer = null)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync<T>(stream, serializer ?? KubernetesJsonOptions, cancellationToken)
            ?? throw new KubeApiException(response.StatusCode, response.RequestMessage?.Method.Method ?? "?", response.RequestMessage?.RequestUri?.AbsolutePath ?? "?", null, "empty body");
    }

    private static WatchEvent<T> ParseWatchLine<T>(string line, string path, JsonSerializerOptions serializer)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (!root.TryGetProperty("object", out var obj))
        {
            throw new KubeApiException(HttpStatusCode.InternalServerError, "WATCH", "/" + path, null, $"watch event without object: {line}");
        }

        if (type == "ERROR")
        {
            var status = KubernetesJson.Deserialize<V1Status>(obj.GetRawText());
            var code = status?.Code is int c && c > 0 ? (HttpStatusCode)c : HttpStatusCode.InternalServerError;
            throw new KubeApiException(code, "WATCH", "/" + path.Split('?')[0], status, obj.GetRawText());
        }

        var kind = type switch
        {
            "ADDED" => WatchEventKind.Added,
            "MODIFIED" => WatchEventKind.Modified,
            "DELETED" => WatchEventKind.Deleted,
            "BOOKMARK" => WatchEventKind.Bookmark,
            _ => throw new KubeApiException(HttpStatusCode.InternalServerError, "WATCH", "/" + path.Split('?')[0], null, $"unknown watch event type \"{type}\""),
        };
        var value = obj.Deserialize<T>(serializer)
            ?? throw new KubeApiException(HttpStatusCode.InternalServerError, "WATCH", "/" + path.Split('?')[0], null, "watch event with a null object");
        return new WatchEvent<T>(kind, value);
    }

    private static V1Status? TryParseStatus(string text)
    {
        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(text);
            return status?.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Query(ListOptions options, bool watch)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("labelSelector", options.LabelSelector);
        Add("fieldSelector", options.FieldSelector);
        Add("resourceVersion", options.ResourceVersion);
        if (watch)
        {
            parts.Add("watch=true");
            Add("timeoutSeconds", options.TimeoutSeconds?.ToString());
            if (options.AllowWatchBookmarks)
            {
                parts.Add("allowWatchBookmarks=true");
            }
        }
        else
        {
            Add("limit", options.Limit?.ToString());
            Add("continue", options.Continue);
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
