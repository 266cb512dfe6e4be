using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubePosture.Api;
using KubePosture.KubeEmulator;
using KubePosture.Operator.Configuration;
using KubePosture.Operator.Hosting;
using KubePosture.Operator.Kube;
using KubePosture.Runtime.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubePosture.Chart.Tests;

/// <summary>
/// The operator in-process, authenticated as the chart's ServiceAccount, against the Kubernetes emulator (RBAC
/// enforced) seeded with the chart's CRDs, the chart's rendered RBAC (optionally edited) and fixtures/cluster.yaml.
/// </summary>
internal sealed class OperatorRun : IAsyncDisposable
{
    public const string ControlNamespace = RenderedChart.Namespace;
    public const string ServiceAccount = "kubeposture";
    private static readonly string[] RbacKinds = ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];

    /// <summary>
    /// The xunit collection of every test class that hosts the operator in process: the OpenTelemetry exporter
    /// listens to meters by name, so two hosts in one process would export each other's series. One at a time.
    /// </summary>
    public const string Collection = "In-process operator";

    private OperatorRun(KubeEmulatorServer server, WebApplication app, KubeApiClient admin)
    {
        Server = server;
        App = app;
        Admin = admin;
    }

    public KubeEmulatorServer Server { get; }

    public WebApplication App { get; }

    /// <summary>A client with cluster-admin rights (the test's own actions).</summary>
    public KubeApiClient Admin { get; }

    public string ServiceAccountUser => $"system:serviceaccount:{ControlNamespace}:{ServiceAccount}";

    public int MetricsPort => App.Services.GetRequiredService<OperatorEndpoints>().MetricsPort;

    public int HealthPort => App.Services.GetRequiredService<OperatorEndpoints>().HealthPort;

    /// <summary>The chart's RBAC objects as JSON, from `helm template` with the given --set values.</summary>
    public static async Task<List<JsonObject>> ChartRbacAsync(params string[] sets)
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Defaults, ["scan.create=false", .. sets]);
        return [.. chart.Manifests.Where(m => RbacKinds.Contains(m.Kind)).Select(ToJson)];
    }

    /// <summary>The openreports.io CRDs the chart installs with reports.installCrds=true.</summary>
    public static async Task<string> OpenReportsCrdsAsync()
    {
        var result = await ProcessRunner.RunAsync(Tools.Helm,
            ["template", RenderedChart.Release, Tools.ChartPath, "--namespace", RenderedChart.Namespace, "--set", "reports.installCrds=true", "--show-only", "templates/openreports-crds.yaml"],
            null, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result.Stdout;
    }

    /// <summary>The same CRDs as wgpolicyk8s.io/v1alpha2 PolicyReport and ClusterPolicyReport (same schema).</summary>
    public static string AsPolicyReportCrds(string openReportsCrds) => openReportsCrds
        .Replace("ClusterReport", "ClusterPolicyReport", StringComparison.Ordinal)
        .Replace("clusterreport", "clusterpolicyreport", StringComparison.Ordinal)
        .Replace("kind: Report", "kind: PolicyReport", StringComparison.Ordinal)
        .Replace("listKind: ReportList", "listKind: PolicyReportList", StringComparison.Ordinal)
        .Replace("plural: reports", "plural: policyreports", StringComparison.Ordinal)
        .Replace("singular: report", "singular: policyreport", StringComparison.Ordinal)
        .Replace("name: reports.openreports.io", "name: policyreports.openreports.io", StringComparison.Ordinal)
        .Replace("openreports.io", "wgpolicyk8s.io", StringComparison.Ordinal)
        .Replace("v1alpha1", "v1alpha2", StringComparison.Ordinal);

    /// <param name="rbac">The RBAC objects to seed (the chart's, possibly edited).</param>
    /// <param name="extraYaml">More objects to seed (CRDs, exceptions).</param>
    /// <param name="waitUntilRunning">Wait until the controllers run (false when leader election is expected to fail).</param>
    /// <param name="configureServices">Replaces operator services (the AWS session factory pointed at the AWS emulator).</param>
    public static async Task<OperatorRun> StartAsync(IEnumerable<JsonObject> rbac, string? extraYaml = null, bool waitUntilRunning = true, Action<IServiceCollection>? configureServices = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await KubeEmulatorServer.StartAsync(new KubeEmulatorOptions { EnforceRbac = true }, ct);
        try
        {
            server.SeedPath(Path.Combine(Tools.ChartPath, "crds"));
            server.SeedPath(Path.Combine(AppContext.BaseDirectory, "fixtures", "cluster.yaml"));
            server.SeedObjectsInOrder(rbac);
            if (extraYaml is not null)
            {
                server.Seed(extraYaml);
            }

            var token = server.AddServiceAccountToken(ControlNamespace, ServiceAccount);
            var options = new OperatorOptions
            {
                MetricsBindAddress = "127.0.0.1:0",
                HealthProbeBindAddress = "127.0.0.1:0",
                ControlNamespace = ControlNamespace,
                Identity = "chart-tests",
                LeaderElect = true,
                ShutdownTimeout = TimeSpan.FromSeconds(5),
            };
            var app = OperatorHost.Build(options, server.CreateClientConfiguration(token), logging: l => l.SetMinimumLevel(LogLevel.Warning), configureServices: configureServices);
            await app.StartAsync(ct);
            var run = new OperatorRun(server, app, new KubeApiClient(server.CreateClient()));
            if (waitUntilRunning)
            {
                await app.Services.GetRequiredService<ControllerManager>().Running.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            }

            return run;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public Task<PostureScan> CreateScanAsync(string @namespace, string name, PostureScanSpec spec) =>
        Admin.CreateAsync(ApiResources.PostureScans, new PostureScan
        {
            ApiVersion = ApiConstants.ApiVersion,
            Kind = ApiConstants.PostureScanKind,
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
            Spec = spec,
        }, TestContext.Current.CancellationToken);

    /// <summary>Watches the scan until <paramref name="done"/> holds (no polling, no sleeps); fails after 90 s.</summary>
    public async Task<PostureScan> WaitForScanAsync(string @namespace, string name, Func<PostureScan, bool> done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        PostureScan? last = null;
        try
        {
            while (true)
            {
                last = await Admin.GetAsync<PostureScan>(ApiResources.PostureScans, @namespace, name, timeout.Token);
                if (last is not null && done(last))
                {
                    return last;
                }

                var options = new ListOptions { Namespace = @namespace, FieldSelector = $"metadata.name={name}", ResourceVersion = last?.Metadata.ResourceVersion, TimeoutSeconds = 30 };
                await foreach (var e in Admin.WatchAsync<PostureScan>(ApiResources.PostureScans, options, timeout.Token))
                {
                    if (e.Kind is WatchEventKind.Added or WatchEventKind.Modified && done(e.Object))
                    {
                        return e.Object;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"PostureScan {@namespace}/{name} did not reach the expected state in 90 s; last status: {KubernetesJson.Serialize(last?.Status)}");
        }
    }

    /// <summary>Waits for a completed scan of the current generation (Ready set by a scan, not by validation).</summary>
    public Task<PostureScan> WaitForCompletedScanAsync(string @namespace, string name) =>
        WaitForScanAsync(@namespace, name, s =>
            s.Status?.LastScan?.CompletionTime is not null
            && s.Status.ObservedGeneration == s.Metadata.Generation
            && Condition(s, ConditionTypes.Scanning)?.Status == "False");

    /// <summary>Waits until the scan no longer exists (its finalizer ran).</summary>
    public async Task WaitForScanGoneAsync(string @namespace, string name)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        while (await Admin.GetAsync<PostureScan>(ApiResources.PostureScans, @namespace, name, timeout.Token) is { } scan)
        {
            var options = new ListOptions { Namespace = @namespace, FieldSelector = $"metadata.name={name}", ResourceVersion = scan.Metadata.ResourceVersion, TimeoutSeconds = 30 };
            await foreach (var e in Admin.WatchAsync<PostureScan>(ApiResources.PostureScans, options, timeout.Token))
            {
                if (e.Kind == WatchEventKind.Deleted)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Whether the operator got a 403 on <paramref name="plural"/> (checked each time the emulator's resource version
    /// moves or the operator retries; bounded by 60 s of the operator's own backoff).
    /// </summary>
    public async Task<bool> WaitForForbiddenAsync(string plural)
    {
        var resource = plural.Split('/')[0];
        var subresource = plural.Contains('/', StringComparison.Ordinal) ? plural.Split('/')[1] : "";
        bool Seen() => Server.Requests.Count(e => e.User == ServiceAccountUser && e.Code == 403 && e.Resource.Split('.')[0] == resource && e.Subresource == subresource) > 0;
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (!Seen() && TimeProvider.System.GetUtcNow() < deadline)
        {
            // The request log has no notification; yield to the operator's loops between looks.
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return Seen();
    }

    public static V1Condition? Condition(PostureScan scan, string type) => scan.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{MetricsPort}/metrics"), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync(CancellationToken.None);
            await App.DisposeAsync();
        }
        finally
        {
            await Server.DisposeAsync();
        }
    }

    private static JsonObject ToJson(Manifest manifest) => (JsonObject)ToJson(manifest.Root)!;

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain } n when long.TryParse(n.Value, out var number) => JsonValue.Create(number),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException($"unexpected YAML node {node}"),
    };
}

/// <summary>Runs the test classes of <see cref="OperatorRun.Collection"/> one after another.</summary>
[CollectionDefinition(OperatorRun.Collection)]
public sealed class InProcessOperatorCollection;
