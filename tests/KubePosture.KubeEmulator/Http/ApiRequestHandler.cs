using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Discovery;
using KubePosture.KubeEmulator.Protobuf;
using KubePosture.KubeEmulator.Security;
using KubePosture.KubeEmulator.Seeding;
using KubePosture.KubeEmulator.Selectors;
using KubePosture.KubeEmulator.Semantics;
using KubePosture.KubeEmulator.Storage;
using KubePosture.KubeEmulator.Tables;
using KubePosture.KubeEmulator.Types;
using Microsoft.AspNetCore.Http;

namespace KubePosture.KubeEmulator.Http;

/// <summary>
/// The kube-apiserver request pipeline: authentication (bearer tokens, impersonation), fault injection, RBAC
/// authorization with the real 403 messages, then discovery, OpenAPI, reviews or the resource verbs.
/// </summary>
internal sealed class ApiRequestHandler
{
    private static readonly byte[] Comma = ","u8.ToArray();

    private readonly EmulatorCore _core;

    public ApiRequestHandler(EmulatorCore core) => _core = core;

    public async Task HandleAsync(HttpContext ctx)
    {
        var user = UserInfo.AnonymousUser;
        var info = new RequestInfo { Path = ctx.Request.Path.Value ?? "/" };
        var logged = false;
        try
        {
            if (_core.Faults.Latency > TimeSpan.Zero) await Task.Delay(_core.Faults.Latency, ctx.RequestAborted);
            user = Authenticate(ctx.Request);
            user = Impersonate(ctx.Request, user);
            info = RequestInfo.Parse(ctx.Request);
            Authorize(user, info);
            InjectFault(info);
            if (info.IsResourceRequest && info.Verb == "watch")
            {
                _core.Log(user, ctx.Request, info, 200);
                logged = true;
            }
            await DispatchAsync(ctx, user, info);
        }
        catch (ApiException e)
        {
            if (!ctx.Response.HasStarted)
            {
                if (e.RetryAfterSeconds is { } retry) ctx.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                await WriteJsonAsync(ctx, e.Code, e.ToStatus());
            }
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            if (!logged) _core.Log(user, ctx.Request, info, ctx.Response.StatusCode);
        }
    }

    // ------------------------------------------------------------ authn / authz

    private UserInfo Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0) return UserInfo.AnonymousUser;
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) throw ApiException.Unauthorized();
        return _core.Tokens.Authenticate(header[7..].Trim()) ?? throw ApiException.Unauthorized();
    }

    private UserInfo Impersonate(HttpRequest request, UserInfo requester)
    {
        var target = request.Headers["Impersonate-User"].ToString();
        var groups = request.Headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        if (target.Length == 0)
        {
            if (groups.Count > 0) throw ApiException.BadRequest("requested [Impersonate-Group] without impersonating a user");
            return requester;
        }
        UserInfo impersonated;
        AuthorizationAttributes check;
        var sa = new UserInfo(target, []).ServiceAccountName;
        if (sa is { } s)
        {
            impersonated = UserInfo.ServiceAccount(s.Namespace, s.Name);
            check = new AuthorizationAttributes { Verb = "impersonate", IsResourceRequest = true, Resource = "serviceaccounts", Namespace = s.Namespace, Name = s.Name };
        }
        else
        {
            var allGroups = new List<string>(groups);
            if (!allGroups.Contains("system:authenticated") && target != UserInfo.Anonymous) allGroups.Add("system:authenticated");
            impersonated = new UserInfo(target, allGroups, request.Headers["Impersonate-Uid"].ToString());
            check = new AuthorizationAttributes { Verb = "impersonate", IsResourceRequest = true, Resource = "users", Name = target };
        }
        RequireAllowed(requester, check);
        foreach (var g in groups)
        {
            RequireAllowed(requester, new AuthorizationAttributes { Verb = "impersonate", IsResourceRequest = true, Resource = "groups", Name = g });
        }
        return sa is null ? impersonated : impersonated with { Groups = [.. impersonated.Groups.Union(groups)] };
    }

    private void Authorize(UserInfo user, RequestInfo info)
    {
        var attributes = new AuthorizationAttributes
        {
            Verb = info.Verb,
            IsResourceRequest = info.IsResourceRequest,
            Namespace = info.Namespace,
            ApiGroup = info.Group,
            ApiVersion = info.Version,
            Resource = info.Resource,
            Subresource = info.Subresource,
            Name = info.Name,
            Path = info.Path,
        };
        RequireAllowed(user, attributes);
    }

    private void RequireAllowed(UserInfo user, AuthorizationAttributes attributes)
    {
        var decision = _core.Rbac.Authorize(user, attributes);
        if (decision.Allowed) return;
        throw ApiException.Forbidden(attributes.ForbiddenStatusMessage(user, decision.Reason), attributes.ApiGroup,
            attributes.IsResourceRequest ? attributes.Resource : "", attributes.Name);
    }

    private void InjectFault(RequestInfo info)
    {
        var groupResource = info.IsResourceRequest ? ApiException.Qualified(info.Group, info.Resource) : info.Path;
        if (_core.Faults.TakeFailure(info.Verb, groupResource, info.Subresource) is not { } failure) return;
        var (reason, message) = failure.StatusCode switch
        {
            429 => ("TooManyRequests", "Too many requests, please try again later."),
            503 => ("ServiceUnavailable", "the server is currently unable to handle the request"),
            504 => ("Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"),
            409 => ("Conflict", "the object has been modified; please apply your changes to the latest version and try again"),
            _ => ("InternalError", "Internal error occurred: injected fault"),
        };
        JsonObject? details = failure.RetryAfterSeconds is { } r ? new JsonObject { ["retryAfterSeconds"] = r } : null;
        throw new ApiException(failure.StatusCode, reason, message, details, failure.RetryAfterSeconds);
    }

    // ------------------------------------------------------------ routing

    private async Task DispatchAsync(HttpContext ctx, UserInfo user, RequestInfo info)
    {
        if (!info.IsResourceRequest)
        {
            await NonResourceAsync(ctx, info);
            return;
        }
        var type = _core.Types.Find(info.Group, info.Version, info.Resource)
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        if (type.CreateOnly)
        {
            if (info.Verb != "create") throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
            var body = await ReadObjectAsync(ctx.Request);
            await WriteJsonAsync(ctx, 201, _core.Reviews.Handle(type.Plural, info.Namespace, body, user));
            return;
        }
        if (info.Subresource.Length > 0 && !(info.Subresource == "status" && type.HasStatus))
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        var isNamespaceObject = type.GroupResource == "namespaces";
        var ns = type.Namespaced ? info.Namespace : "";
        var name = info.NameFromFieldSelector ? "" : info.Name;
        if (!type.Namespaced && !isNamespaceObject && info.Namespace.Length > 0)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        if (type.Namespaced && ns.Length == 0 && info.Verb is not ("list" or "watch"))
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        var statusOnly = info.Subresource == "status";
        switch (info.Verb)
        {
            case "get":
                await GetAsync(ctx, type, ns, name);
                break;
            case "list":
                await ListAsync(ctx, type, ns.Length == 0 ? null : ns);
                break;
            case "watch":
                await WatchAsync(ctx, type, ns.Length == 0 ? null : ns, name);
                break;
            case "create":
                {
                    if (name.Length > 0) throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
                    var o = Options(ctx.Request);
                    var created = _core.Writer.Create(type, ns, await ReadObjectAsync(ctx.Request), o);
                    await WriteObjectAsync(ctx, 201, type, created, o.Warnings);
                    break;
                }
            case "update":
                {
                    var o = Options(ctx.Request);
                    var updated = _core.Writer.Update(type, ns, name, await ReadObjectAsync(ctx.Request), statusOnly, o);
                    await WriteObjectAsync(ctx, 200, type, updated, o.Warnings);
                    break;
                }
            case "patch":
                {
                    var o = Options(ctx.Request);
                    var contentType = ctx.Request.ContentType ?? "";
                    var patch = await ReadPatchAsync(ctx.Request, contentType);
                    var patched = _core.Writer.Patch(type, ns, name, contentType, patch, statusOnly, o, out var created);
                    await WriteObjectAsync(ctx, created ? 201 : 200, type, patched, o.Warnings);
                    break;
                }
            case "delete":
                {
                    var request = await ReadDeleteAsync(ctx.Request);
                    var (obj, deleted) = _core.Writer.Delete(type, ns, name, request);
                    if (deleted && !type.ReturnDeletedObject)
                    {
                        var details = new JsonObject { ["name"] = name };
                        if (type.Group.Length > 0) details["group"] = type.Group;
                        details["kind"] = type.Plural;
                        details["uid"] = obj.Uid;
                        await WriteJsonAsync(ctx, 200, new JsonObject
                        {
                            ["kind"] = "Status",
                            ["apiVersion"] = "v1",
                            ["metadata"] = new JsonObject(),
                            ["status"] = "Success",
                            ["details"] = details,
                        });
                    }
                    else await WriteObjectAsync(ctx, 200, type, obj, []);
                    break;
                }
            case "deletecollection":
                {
                    var request = await ReadDeleteAsync(ctx.Request);
                    var labels = LabelSelector.Parse(ctx.Request.Query["labelSelector"]);
                    var fields = FieldSelector.Parse(ctx.Request.Query["fieldSelector"], type);
                    var (items, _) = _core.Store.Snapshot(type.GroupResource, ns.Length == 0 ? null : ns);
                    var deleted = _core.Writer.DeleteCollection(type, items.Where(i => labels.Matches(i) && fields.Matches(i)), request);
                    await WriteListAsync(ctx, type, deleted, _core.Store.ResourceVersion, null, null);
                    break;
                }
            default:
                throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private async Task NonResourceAsync(HttpContext ctx, RequestInfo info)
    {
        var path = info.Path.TrimEnd('/');
        var parts = path.Trim('/').Split('/');
        JsonNode? doc = path switch
        {
            "/version" => DiscoveryDocuments.Version(_core.Options.KubernetesVersion),
            "/api" => DiscoveryDocuments.CoreVersions(_core.ServerAddress),
            "/apis" => DiscoveryDocuments.GroupList(_core.Types),
            "/openapi/v2" => OpenApiDocuments.V2(_core.Types, _core.Options.KubernetesVersion),
            "/openapi/v3" => OpenApiDocuments.V3Root(_core.Types, _core.Options.KubernetesVersion),
            _ when parts is ["api", var v] => DiscoveryDocuments.ResourceList(_core.Types, "", v),
            _ when parts is ["apis", var g] => DiscoveryDocuments.Group(_core.Types, g),
            _ when parts is ["apis", var g, var v] => DiscoveryDocuments.ResourceList(_core.Types, g, v),
            _ when parts is ["openapi", "v3", "api", var v] => OpenApiDocuments.V3GroupVersion(_core.Types, "", v, _core.Options.KubernetesVersion),
            _ when parts is ["openapi", "v3", "apis", var g, var v] => OpenApiDocuments.V3GroupVersion(_core.Types, g, v, _core.Options.KubernetesVersion),
            _ => null,
        };
        if (path is "/healthz" or "/livez" or "/readyz")
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            await ctx.Response.WriteAsync("ok", ctx.RequestAborted);
            return;
        }
        if (path == "/openapi/v2" && !AcceptsJson(ctx.Request))
        {
            if (!OpenApiV2Protobuf.IsRequested(ctx.Request.Headers.Accept.ToString()))
            {
                throw new ApiException(406, "NotAcceptable", $"/openapi/v2 is served as application/json and {OpenApiV2Protobuf.MediaType}");
            }
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = OpenApiV2Protobuf.ResponseMediaType;
            await ctx.Response.Body.WriteAsync(OpenApiV2Protobuf.Encode((JsonObject)doc!), ctx.RequestAborted);
            return;
        }
        if (doc is null) throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        await WriteJsonAsync(ctx, 200, doc);
    }

    private static bool AcceptsJson(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Length == 0 || accept.Contains("json", StringComparison.OrdinalIgnoreCase) || accept.Contains("*/*", StringComparison.Ordinal);
    }

    // ------------------------------------------------------------ reads

    private async Task GetAsync(HttpContext ctx, ResourceType type, string ns, string name)
    {
        var obj = _core.Store.Get(type.GroupResource, ns, name) ?? throw ApiException.NotFound(type.Group, type.Plural, name);
        if (TableRequested(ctx.Request))
        {
            var table = _core.Tables.Convert(type, [_core.Convert(type, obj)], StoredObject.FormatResourceVersion(obj.ResourceVersion), null, IncludeObject(ctx.Request));
            await WriteJsonAsync(ctx, 200, table);
            return;
        }
        await WriteObjectAsync(ctx, 200, type, obj, []);
    }

    private async Task ListAsync(HttpContext ctx, ResourceType type, string? ns)
    {
        var q = ctx.Request.Query;
        var labels = LabelSelector.Parse(q["labelSelector"]);
        var fields = FieldSelector.Parse(q["fieldSelector"], type);
        var limit = ParseInt(q["limit"], "limit") ?? 0;
        var continueToken = q["continue"].ToString();
        StoredObject[] items;
        long rv;
        var startIndex = 0;
        long snapshotId = 0;
        if (continueToken.Length > 0)
        {
            var (tokenRv, startAfter, snap) = ListSnapshotCache.Decode(continueToken);
            items = _core.Snapshots.Get(snap) ?? throw ApiException.Gone(
                "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
            rv = tokenRv;
            snapshotId = snap;
            startIndex = UpperBound(items, startAfter);
        }
        else
        {
            (items, rv) = _core.Store.Snapshot(type.GroupResource, ns);
        }
        var page = new List<StoredObject>(limit > 0 ? Math.Min(limit, items.Length) : 16);
        var i = startIndex;
        for (; i < items.Length; i++)
        {
            if (limit > 0 && page.Count >= limit) break;
            var o = items[i];
            if (labels.Matches(o) && fields.Matches(o)) page.Add(o);
        }
        string? next = null;
        long? remaining = null;
        if (limit > 0 && i < items.Length)
        {
            if (snapshotId == 0) snapshotId = _core.Snapshots.Add(items);
            next = ListSnapshotCache.Encode(rv, page.Count > 0 ? page[^1].Key : items[i - 1].Key, snapshotId);
            if (labels.IsEmpty && fields.IsEmpty) remaining = items.Length - i;
        }
        if (TableRequested(ctx.Request))
        {
            var table = _core.Tables.Convert(type, page.Select(p => _core.Convert(type, p)), StoredObject.FormatResourceVersion(rv), next, IncludeObject(ctx.Request));
            if (remaining is { } r) table["metadata"]!["remainingItemCount"] = r;
            await WriteJsonAsync(ctx, 200, table);
            return;
        }
        await WriteListAsync(ctx, type, page, rv, next, remaining);
    }

    private static int UpperBound(StoredObject[] items, string key)
    {
        int lo = 0, hi = items.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(items[mid].Key, key) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private async Task WriteListAsync(HttpContext ctx, ResourceType type, IReadOnlyList<StoredObject> items, long rv, string? next, long? remaining)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        var meta = new JsonObject { ["resourceVersion"] = StoredObject.FormatResourceVersion(rv) };
        if (next is not null) meta["continue"] = next;
        if (remaining is { } r) meta["remainingItemCount"] = r;
        var head = $"{{\"kind\":\"{type.ListKind}\",\"apiVersion\":\"{type.ApiVersion}\",\"metadata\":{meta.ToJsonString()},\"items\":[";
        var writer = ctx.Response.BodyWriter;
        writer.Write(Encoding.UTF8.GetBytes(head));
        var unflushed = 0L;
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) writer.Write(Comma);
            var bytes = _core.ConvertBytes(type, items[i]);
            writer.Write(bytes);
            unflushed += bytes.Length;
            if (unflushed > 256 * 1024)
            {
                await writer.FlushAsync(ctx.RequestAborted);
                unflushed = 0;
            }
        }
        writer.Write("]}"u8);
        await writer.FlushAsync(ctx.RequestAborted);
    }

    // ------------------------------------------------------------ watch

    private async Task WatchAsync(HttpContext ctx, ResourceType type, string? ns, string pinnedName)
    {
        var q = ctx.Request.Query;
        var labels = LabelSelector.Parse(q["labelSelector"]);
        var fields = FieldSelector.Parse(q["fieldSelector"], type);
        var bookmarks = RequestInfo.IsTrue(q["allowWatchBookmarks"]);
        var sendInitial = RequestInfo.IsTrue(q["sendInitialEvents"]);
        var rvText = q["resourceVersion"].ToString();
        long? from = null;
        if (rvText.Length > 0 && rvText != "0")
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw ApiException.BadRequest($"resourceVersion: Invalid value: \"{rvText}\": must be a non-negative integer");
            }
            from = parsed;
        }
        if (sendInitial) from = null;
        var timeoutSeconds = ParseInt(q["timeoutSeconds"], "timeoutSeconds") ?? 1800;
        var table = TableRequested(ctx.Request);
        var includeObject = IncludeObject(ctx.Request);
        if (pinnedName.Length > 0 && fields.IsEmpty) fields = FieldSelector.Parse("metadata.name=" + pinnedName, type);

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        var writer = ctx.Response.BodyWriter;

        WatchSubscription sub;
        StoredObject[] initial;
        long startRv;
        try
        {
            sub = _core.Store.Subscribe(type.GroupResource, ns, from, out initial, out startRv);
        }
        catch (ApiException gone) when (gone.Code == 410)
        {
            await WriteEventAsync(writer, "ERROR", Encoding.UTF8.GetBytes(gone.ToStatus().ToJsonString()), ctx.RequestAborted);
            return;
        }
        using (sub)
        using (var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, sub.Dropped.Token, _core.Stopping))
        using (var timeout = _core.Time.CreateTimer(_ => SafeCancel(lifetime), null, TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds)), Timeout.InfiniteTimeSpan))
        using (var bookmarkTimer = bookmarks
                   ? _core.Time.CreateTimer(_ => _core.Store.EnqueueBookmark(sub), null, _core.Options.WatchBookmarkInterval, _core.Options.WatchBookmarkInterval)
                   : null)
        {
            try
            {
                // Headers go out at once so clients know the watch is established.
                await writer.FlushAsync(lifetime.Token);
                var first = true;
                foreach (var obj in initial)
                {
                    if (!labels.Matches(obj) || !fields.Matches(obj)) continue;
                    await WriteEventAsync(writer, "ADDED", EventObject(type, obj, table, includeObject, first), lifetime.Token);
                    first = false;
                }
                if (sendInitial && bookmarks)
                {
                    await WriteEventAsync(writer, "BOOKMARK", BookmarkObject(type, startRv, initialEventsEnd: true), lifetime.Token);
                }
                while (await sub.Events.Reader.WaitToReadAsync(lifetime.Token))
                {
                    while (sub.Events.Reader.TryRead(out var e))
                    {
                        if (e.Type == "BOOKMARK")
                        {
                            await WriteEventAsync(writer, "BOOKMARK", BookmarkObject(type, e.ResourceVersion, false), lifetime.Token);
                            continue;
                        }
                        var eventType = Transition(e, labels, fields);
                        if (eventType is null) continue;
                        await WriteEventAsync(writer, eventType, EventObject(type, e.Object!, table, includeObject, first), lifetime.Token);
                        first = false;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // timeoutSeconds elapsed, the client went away, the watch was dropped or the server is stopping.
            }
        }
        if (sub.Dropped.IsCancellationRequested || _core.Stopping.IsCancellationRequested) ctx.Abort();
    }

    private static void SafeCancel(CancellationTokenSource cts)
    {
        try { cts.Cancel(); } catch (ObjectDisposedException) { }
    }

    /// <summary>The event a selector-filtered watcher sees (objects entering or leaving the selection).</summary>
    private static string? Transition(WatchEvent e, LabelSelector labels, FieldSelector fields)
    {
        bool Match(StoredObject? o) => o is not null && labels.Matches(o) && fields.Matches(o);
        var now = Match(e.Object);
        var before = Match(e.Previous);
        return e.Type switch
        {
            "ADDED" => now ? "ADDED" : null,
            "DELETED" => now || before ? "DELETED" : null,
            _ => (now, before) switch
            {
                (true, true) => "MODIFIED",
                (true, false) => "ADDED",
                (false, true) => "DELETED",
                _ => null,
            },
        };
    }

    private byte[] EventObject(ResourceType type, StoredObject obj, bool table, string includeObject, bool first)
    {
        if (!table) return _core.ConvertBytes(type, obj);
        var t = _core.Tables.Convert(type, [_core.Convert(type, obj)], StoredObject.FormatResourceVersion(obj.ResourceVersion), null, includeObject, includeColumns: first);
        return JsonSerializer.SerializeToUtf8Bytes(t);
    }

    private static byte[] BookmarkObject(ResourceType type, long rv, bool initialEventsEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = StoredObject.FormatResourceVersion(rv), ["creationTimestamp"] = null };
        if (initialEventsEnd) meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = meta });
    }

    private static async Task WriteEventAsync(PipeWriter writer, string type, byte[] obj, CancellationToken cancellationToken)
    {
        writer.Write(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":"));
        writer.Write(obj);
        writer.Write("}\n"u8);
        await writer.FlushAsync(cancellationToken);
    }

    // ------------------------------------------------------------ request bodies and options

    private static WriteOptions Options(HttpRequest request)
    {
        var q = request.Query;
        var validation = q["fieldValidation"].ToString();
        if (validation.Length > 0 && validation is not ("Strict" or "Warn" or "Ignore"))
        {
            throw ApiException.BadRequest($"fieldValidation: Invalid value: \"{validation}\": fieldValidation must be one of Ignore, Warn, Strict");
        }
        return new WriteOptions
        {
            DryRun = q["dryRun"].ToString() == "All",
            FieldValidation = validation.Length == 0 ? "Warn" : validation,
            FieldManager = q["fieldManager"].ToString() is { Length: > 0 } fm ? fm : null,
        };
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms, request.HttpContext.RequestAborted);
        return ms.ToArray();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request)
    {
        var contentType = request.ContentType ?? "";
        if (ProtobufObjectDecoder.IsProtobuf(contentType)) return ProtobufObjectDecoder.Decode(await ReadBodyAsync(request));
        if (contentType.Length > 0 && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase) && !IsYaml(contentType))
        {
            // Protobuf and CBOR are not served; client-go falls back to JSON on 415.
            throw ApiException.UnsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
        }
        var bytes = await ReadBodyAsync(request);
        JsonNode? node;
        try
        {
            node = IsYaml(request.ContentType) ? YamlJson.ParseSingle(Encoding.UTF8.GetString(bytes)) : JsonNode.Parse(bytes);
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException)
        {
            throw ApiException.BadRequest($"the object provided is unrecognized: {e.Message}");
        }
        return node as JsonObject ?? throw ApiException.BadRequest("the object provided is unrecognized (must be a JSON object)");
    }

    private static async Task<JsonNode?> ReadPatchAsync(HttpRequest request, string contentType)
    {
        var bytes = await ReadBodyAsync(request);
        try
        {
            return contentType.StartsWith("application/apply-patch+yaml", StringComparison.OrdinalIgnoreCase)
                ? YamlJson.ParseSingle(Encoding.UTF8.GetString(bytes))
                : JsonNode.Parse(bytes);
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException)
        {
            throw ApiException.BadRequest($"error decoding patch: {e.Message}");
        }
    }

    private static bool IsYaml(string? contentType) =>
        contentType is not null && contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase);

    private static async Task<DeleteRequest> ReadDeleteAsync(HttpRequest request)
    {
        var q = request.Query;
        string? propagation = q["propagationPolicy"].ToString() is { Length: > 0 } p ? p : null;
        var dryRun = q["dryRun"].ToString() == "All";
        string? uid = null, rv = null;
        var bytes = await ReadBodyAsync(request);
        if (bytes.Length > 0)
        {
            JsonNode? body;
            try { body = JsonNode.Parse(bytes); }
            catch (JsonException e) { throw ApiException.BadRequest($"the body of DeleteOptions is not valid JSON: {e.Message}"); }
            propagation = body?["propagationPolicy"]?.GetValue<string>() ?? propagation;
            if (body?["orphanDependents"]?.GetValueKind() == JsonValueKind.True) propagation = "Orphan";
            uid = body?["preconditions"]?["uid"]?.GetValue<string>();
            rv = body?["preconditions"]?["resourceVersion"]?.GetValue<string>();
            if (body?["dryRun"] is JsonArray dr && dr.Any(d => d?.GetValue<string>() == "All")) dryRun = true;
        }
        if (propagation is not (null or "Orphan" or "Background" or "Foreground"))
        {
            throw ApiException.BadRequest($"propagationPolicy: Unsupported value: \"{propagation}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
        }
        return new DeleteRequest(propagation, uid, rv, dryRun);
    }

    private static int? ParseInt(string? value, string name)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < 0)
        {
            throw ApiException.BadRequest($"{name}: Invalid value: \"{value}\": must be a non-negative integer");
        }
        return v;
    }

    private static bool TableRequested(HttpRequest request) =>
        request.Headers.Accept.ToString().Split(',').FirstOrDefault()?.Contains("as=Table", StringComparison.Ordinal) == true;

    private static string IncludeObject(HttpRequest request) =>
        request.Query["includeObject"].ToString() is { Length: > 0 } v ? v : "Metadata";

    // ------------------------------------------------------------ responses

    private async Task WriteObjectAsync(HttpContext ctx, int code, ResourceType type, StoredObject obj, List<string> warnings)
    {
        foreach (var w in warnings) ctx.Response.Headers.Append("Warning", $"299 - {JsonSerializer.Serialize(w)}");
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(_core.ConvertBytes(type, obj), ctx.RequestAborted);
    }

    internal static async Task WriteJsonAsync(HttpContext ctx, int code, JsonNode node)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(node), ctx.RequestAborted);
    }
}
