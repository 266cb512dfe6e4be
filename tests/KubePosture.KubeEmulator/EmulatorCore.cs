using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Http;
using KubePosture.KubeEmulator.Security;
using KubePosture.KubeEmulator.Semantics;
using KubePosture.KubeEmulator.Storage;
using KubePosture.KubeEmulator.Tables;
using KubePosture.KubeEmulator.Types;
using Microsoft.AspNetCore.Http;

namespace KubePosture.KubeEmulator;

/// <summary>The emulator's state and services, independent of the HTTP server (which can restart around it).</summary>
internal sealed class EmulatorCore
{
    private CancellationTokenSource _stopping = new();

    public EmulatorCore(KubeEmulatorOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
        Store = new ObjectStore(options.WatchHistorySize);
        Types = new TypeRegistry();
        Rbac = new RbacAuthorizer(Store, () => Options.EnforceRbac);
        Tokens = new TokenAuthenticator();
        Writer = new ObjectWriter(Store, Types, Time, Rbac);
        Snapshots = new ListSnapshotCache(options.ListSnapshotCacheSize);
        Faults = new FaultInjector(Store.DropAllWatches, () =>
        {
            Store.CompactHistory();
            Snapshots.Clear();
        });
        Requests = new RequestLog(options.RequestLogCapacity);
        Tables = new TableConverter(Time);
        Reviews = new AccessReviews(Rbac, Tokens);
    }

    public KubeEmulatorOptions Options { get; }
    public TimeProvider Time { get; }
    public ObjectStore Store { get; }
    public TypeRegistry Types { get; }
    public RbacAuthorizer Rbac { get; }
    public TokenAuthenticator Tokens { get; }
    public ObjectWriter Writer { get; }
    public ListSnapshotCache Snapshots { get; }
    public FaultInjector Faults { get; }
    public RequestLog Requests { get; }
    public TableConverter Tables { get; }
    public AccessReviews Reviews { get; }

    /// <summary>host:port for discovery's serverAddressByClientCIDRs.</summary>
    public string ServerAddress { get; set; } = "127.0.0.1:0";

    /// <summary>Cancelled when the HTTP server stops (restart or dispose): open watches end.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void SignalStopping()
    {
        var old = _stopping;
        _stopping = new CancellationTokenSource();
        old.Cancel();
        old.Dispose();
    }

    /// <summary>The object as served at the requested version (custom resources are stored at their storage version).</summary>
    public byte[] ConvertBytes(ResourceType type, StoredObject obj)
    {
        if (!type.IsCustom) return obj.Json;
        var storage = Types.FindByGroupResource(type.GroupResource);
        if (storage is null || storage.Version == type.Version) return obj.Json;
        var node = obj.ToNode();
        node["apiVersion"] = type.ApiVersion;
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(node);
    }

    public JsonObject Convert(ResourceType type, StoredObject obj)
    {
        var node = obj.ToNode();
        if (type.IsCustom) node["apiVersion"] = type.ApiVersion;
        return node;
    }

    public void Log(UserInfo user, HttpRequest request, RequestInfo info, int code)
    {
        Requests.Add(new RequestLogEntry(
            Time.GetUtcNow(), user.Name, user.Groups, request.Method, request.Path.Value ?? "/", info.Verb,
            info.IsResourceRequest ? ApiException.Qualified(info.Group, info.Resource) : "",
            info.Subresource, info.Namespace, info.Name, code, request.ContentType ?? ""));
    }
}
