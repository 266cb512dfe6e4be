using System.Text.Json.Nodes;
using Amazon.Runtime;
using KubePosture.Aws;
using KubePosture.Aws.Collection;
using KubePosture.Aws.Telemetry;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Inventory;

namespace KubePosture.AwsChecks.Tests.Support;

/// <summary>
/// The AWS emulator serving the demo account, read through the operator's own collector. Each read uses a fresh
/// session (a new scan process), so a fixture edit made by a test is never hidden by the ports' caches.
/// </summary>
internal sealed class EmulatorAccount : IAsyncDisposable
{
    private readonly List<AwsSessionFactory> _factories = [];
    private readonly NoMeters _meters = new();

    private EmulatorAccount(AwsEmulatorServer server) => Server = server;

    public AwsEmulatorServer Server { get; }

    public static async Task<EmulatorAccount> StartAsync(CancellationToken cancellationToken) =>
        new(await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: cancellationToken));

    /// <summary>The objects of a fixture list (edit them to change what the emulator answers).</summary>
    public IEnumerable<JsonObject> Objects(string section, string list) => ((JsonArray)Server.Fixture.Section(section)[list]!).OfType<JsonObject>();

    /// <summary>Collects the AWS side of <paramref name="cluster"/> (cluster "demo") and attaches it; every call must have succeeded.</summary>
    public async Task<ClusterInventory> ReadAsync(ClusterInventory cluster, CancellationToken cancellationToken, IReadOnlyList<string>? ecsClusters = null)
    {
        var inventory = await ReadWithGapsAsync(cluster, cancellationToken, ecsClusters);
        Assert.Empty(inventory.Aws!.Unavailable);
        return inventory;
    }

    /// <summary>Like <see cref="ReadAsync"/>, but calls may fail (denied or unreachable): the gaps are in <c>Aws.Unavailable</c>.</summary>
    public async Task<ClusterInventory> ReadWithGapsAsync(ClusterInventory cluster, CancellationToken cancellationToken, IReadOnlyList<string>? ecsClusters = null)
    {
        var collection = await CollectAsync(cluster, NewFactory(), cancellationToken, ecsClusters);
        Assert.Null(collection.ScopeError);
        return cluster.WithAws(collection.Inventory);
    }

    /// <summary>
    /// A session factory (a scan process): its sessions' caches live as long as it does. <paramref name="configure"/>
    /// may point a service elsewhere or change retries.
    /// </summary>
    public AwsSessionFactory NewFactory(Action<AwsOptions>? configure = null)
    {
        var (key, secret) = Server.Credentials;
        var options = new AwsOptions { Endpoints = new(StringComparer.OrdinalIgnoreCase) { ["*"] = Server.BaseUrl }, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5) };
        configure?.Invoke(options);
        var factory = new AwsSessionFactory(options, new AwsMetrics(_meters), TimeProvider.System, baseCredentials: new BasicAWSCredentials(key, secret));
        _factories.Add(factory);
        return factory;
    }

    /// <summary>Collects through <paramref name="factory"/> as it comes (denied and unreachable sources included).</summary>
    public Task<AwsCollection> CollectAsync(ClusterInventory cluster, AwsSessionFactory factory, CancellationToken cancellationToken, IReadOnlyList<string>? ecsClusters = null) =>
        new AwsInventoryCollector(factory, Server.Fixture.Region).CollectAsync(cluster, new AwsCollectionRequest(null, "demo", null, EcsClusters: ecsClusters), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var f in _factories) f.Dispose();
        _meters.Dispose();
        await Server.DisposeAsync();
    }
}
