using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using KubePosture.KubeEmulator.Http;
using KubePosture.KubeEmulator.Security;
using KubePosture.KubeEmulator.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace KubePosture.KubeEmulator;

/// <summary>
/// An in-memory Kubernetes API server on https://127.0.0.1 for tests and the demo: TLS with a generated CA, bearer
/// tokens, RBAC, discovery/OpenAPI, CRDs, list/watch, and the test controls (seeding, faults, request log).
/// </summary>
public sealed class KubeEmulatorServer : IAsyncDisposable
{
    private readonly EmulatorCore _core;
    private readonly CertificateAuthority _ca;
    private readonly ApiRequestHandler _handler;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly ResponseTraffic _traffic = new();
    private WebApplication? _app;
    private int _port;

    private KubeEmulatorServer(KubeEmulatorOptions options)
    {
        _core = new EmulatorCore(options);
        _ca = CertificateAuthority.Create();
        _handler = new ApiRequestHandler(_core);
        _core.Writer.RootCaPem = _ca.CaCertificatePem;
        AdminToken = _core.Tokens.Add(new UserInfo("admin", ["system:masters", "system:authenticated"]));
        Bootstrap();
    }

    /// <summary>Starts the emulator (port 0 = chosen by the OS) with the bootstrap RBAC and the default namespaces.</summary>
    public static async Task<KubeEmulatorServer> StartAsync(KubeEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new KubeEmulatorServer(options ?? new KubeEmulatorOptions());
        try
        {
            await server.StartHttpAsync(server._core.Options.Port, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>https://127.0.0.1:&lt;port&gt;</summary>
    public Uri BaseUrl => new($"https://127.0.0.1:{_port}");

    public int Port => _port;

    public string CaCertificatePem => _ca.CaCertificatePem;

    public X509Certificate2 CaCertificate => _ca.CaCertificate;

    /// <summary>User "admin" in system:masters (bypasses RBAC like a cluster admin certificate).</summary>
    public string AdminToken { get; }

    public FaultInjector Faults => _core.Faults;

    public RequestLog Requests => _core.Requests;

    /// <summary>Response bytes (headers excluded, watch streams included as they are written) sent to requests bearing
    /// <paramref name="token"/>, when <see cref="KubeEmulatorOptions.CountResponseBytes"/> is on; otherwise 0.</summary>
    public long ResponseBytes(string token) => _traffic.BytesSent(token);

    /// <summary>The current global resourceVersion.</summary>
    public long ResourceVersion => _core.Store.ResourceVersion;

    /// <summary>Open watch streams right now.</summary>
    public int OpenWatches => _core.Store.OpenWatchCount;

    /// <summary>A token for a user with groups (system:authenticated is added).</summary>
    public string AddUserToken(string user, params string[] groups)
    {
        var all = groups.Contains("system:authenticated") ? groups : [.. groups, "system:authenticated"];
        return _core.Tokens.Add(new UserInfo(user, all));
    }

    /// <summary>A token for system:serviceaccount:&lt;ns&gt;:&lt;name&gt; with the ServiceAccount groups.</summary>
    public string AddServiceAccountToken(string @namespace, string name) =>
        _core.Tokens.Add(UserInfo.ServiceAccount(@namespace, name));

    /// <summary>Registers a specific token (static token files, fixed tokens in scripts).</summary>
    public void AddToken(string token, string user, params string[] groups)
    {
        var sa = new UserInfo(user, []).ServiceAccountName;
        _core.Tokens.Add(sa is { } s ? UserInfo.ServiceAccount(s.Namespace, s.Name) : new UserInfo(user, groups.Contains("system:authenticated") ? groups : [.. groups, "system:authenticated"]), token);
    }

    /// <summary>Writes a kubeconfig for this emulator (admin when <paramref name="token"/> is null).</summary>
    public void WriteKubeconfig(string path, string? token = null)
    {
        var user = token is null ? "admin" : _core.Tokens.Authenticate(token)?.Name ?? "user";
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, KubeconfigWriter.Render(BaseUrl, CaCertificatePem, token ?? AdminToken, user));
    }

    /// <summary>A KubernetesClient configuration trusting the emulator's CA (admin when <paramref name="token"/> is null).</summary>
    public KubernetesClientConfiguration CreateClientConfiguration(string? token = null) => new()
    {
        Host = BaseUrl.ToString(),
        AccessToken = token ?? AdminToken,
        SslCaCerts = [X509CertificateLoader.LoadCertificate(_ca.CaCertificate.RawData)],
    };

    /// <summary>A client for this emulator (admin when <paramref name="token"/> is null).</summary>
    public Kubernetes CreateClient(string? token = null) => new(CreateClientConfiguration(token));

    /// <summary>Loads objects from YAML or JSON text (multi-document, List kinds, kubectl get -A -o yaml dumps), status kept.</summary>
    public int Seed(string yamlOrJson) => Seeder.Seed(_core, ManifestObjects.FromText(yamlOrJson, "<text>"));

    /// <summary>Loads a file or every .yaml/.yml/.json file under a folder.</summary>
    public int SeedPath(string fileOrDirectory) => Seeder.Seed(_core, ManifestObjects.FromPath(fileOrDirectory));

    /// <summary>Loads objects built in code; Namespaces and CRDs are loaded first.</summary>
    public int SeedObjects(IEnumerable<JsonObject> objects) =>
        Seeder.Seed(_core, objects.Select((o, i) => new ManifestObject(o, "<objects>", i)));

    /// <summary>
    /// Loads objects built in code that are already in dependency order (namespaces and CRDs before what lives in
    /// them), streaming: the synthetic generator's fast path for 50,000 pods.
    /// </summary>
    public int SeedObjectsInOrder(IEnumerable<JsonObject> objects) =>
        Seeder.SeedInOrder(_core, objects.Select((o, i) => new ManifestObject(o, "<objects>", i)));

    /// <summary>Number of stored objects and their serialized size (for the scale report).</summary>
    public (int Objects, long Bytes) StorageSize() => _core.Store.Size();

    /// <summary>Stops serving (open connections and watches are dropped) and serves again on the same port; state is kept.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            await StopHttpAsync(cancellationToken);
            await StartHttpAsync(_port, cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopHttpAsync(CancellationToken.None);
        }
        finally
        {
            _lifecycle.Release();
        }
        _ca.Dispose();
        _lifecycle.Dispose();
    }

    private void Bootstrap()
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Seeder.EnsureNamespace(_core, ns);
        }
        SeedObjects(BootstrapRbac.Objects().Select(o => JsonNode.Parse(o.ToJsonString())!.AsObject()));
    }

    private async Task StartHttpAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(_ca.ServingCertificate);
            });
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        if (_core.Options.CountResponseBytes)
        {
            app.Use(_traffic.CountAsync);
        }
        app.Run(_handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
        _core.ServerAddress = $"127.0.0.1:{_port}";
        _app = app;
    }

    private async Task StopHttpAsync(CancellationToken cancellationToken)
    {
        var app = _app;
        _app = null;
        if (app is null) return;
        _core.SignalStopping();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Connections that did not close in time are aborted by disposal.
        }
        await app.DisposeAsync();
    }
}
