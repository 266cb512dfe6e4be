using System.Collections.Concurrent;
using KubePosture.Api;
using KubePosture.Operator.Configuration;
using KubePosture.Operator.Kube;
using KubePosture.Runtime.Client;
using KubePosture.Operator.Hosting;
using KubePosture.Operator.Scans;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using KubePosture.Runtime.Status;

namespace KubePosture.EndToEnd.Tests.Support;

/// <summary>
/// The operator host built in-process (OperatorHost.Build, the same wiring as the <c>run</c> verb) against a
/// <see cref="TestCluster"/>, with metrics and probes on OS-chosen loopback ports. Logs are kept in memory and shown
/// when a test fails through <see cref="Logs"/>.
/// </summary>
internal sealed class OperatorInstance : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new();
    private bool _stopped;

    private OperatorInstance(WebApplication app, OperatorOptions options, ConcurrentQueue<string> logs)
    {
        _app = app;
        Options = options;
        LogLines = logs;
    }

    public OperatorOptions Options { get; }

    public ConcurrentQueue<string> LogLines { get; }

    public string Logs => string.Join("\n", LogLines);

    public IServiceProvider Services => _app.Services;

    public ControllerManager Manager => _app.Services.GetRequiredService<ControllerManager>();

    public PostureScanReconciler Reconciler => _app.Services.GetRequiredService<PostureScanReconciler>();

    public StatusWriter StatusWriter => _app.Services.GetRequiredService<StatusWriter>();

    public int MetricsPort => _app.Services.GetRequiredService<OperatorEndpoints>().MetricsPort;

    public int HealthPort => _app.Services.GetRequiredService<OperatorEndpoints>().HealthPort;

    /// <summary>Starts the host and waits until its controllers run (when not leader-electing).</summary>
    public static async Task<OperatorInstance> StartAsync(TestCluster cluster, Func<OperatorOptions, OperatorOptions>? configure = null, string? token = null, TimeProvider? time = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var options = new OperatorOptions
        {
            MetricsBindAddress = "127.0.0.1:0",
            HealthProbeBindAddress = "127.0.0.1:0",
            ControlNamespace = TestCluster.ControlNamespace,
            Identity = "operator-" + Guid.NewGuid().ToString("N")[..6],
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        };
        options = configure?.Invoke(options) ?? options;
        var logs = new ConcurrentQueue<string>();
        var app = OperatorHost.Build(options, cluster.Server.CreateClientConfiguration(token ?? cluster.OperatorToken), time, logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddFilter("Microsoft", LogLevel.Warning);
            logging.AddProvider(new MemoryLoggerProvider(logs));
        }, configureServices);
        var instance = new OperatorInstance(app, options, logs);
        await app.StartAsync(TestContext.Current.CancellationToken);
        if (!options.LeaderElect)
            await instance.WaitRunningAsync();
        return instance;
    }

    public async Task WaitRunningAsync(TimeSpan? timeout = null)
    {
        try
        {
            await Manager.Running.Task.WaitAsync(timeout ?? Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"operator {Options.Identity} did not start its controllers; logs:\n{Logs}", e);
        }
    }

    /// <summary>
    /// Waits until the operator is quiet: its PostureScan cache holds every scan at the API server's current
    /// resourceVersion and its work queue has nothing queued or in progress (observed on two consecutive polls).
    /// </summary>
    public async Task WaitIdleAsync(TestCluster cluster)
    {
        var quietPolls = 0;
        await Eventually.Until(async () =>
        {
            var controller = Manager.Controller;
            if (controller is null)
                return quietPolls = 0;
            var scans = await cluster.Api.ListAsync<PostureScanList>(ApiResources.PostureScans, new ListOptions(), TestContext.Current.CancellationToken);
            var synced = scans.Items.All(s => controller.Cache.Get(ObjectKey.Of(s))?.Metadata.ResourceVersion == s.Metadata.ResourceVersion)
                && controller.Cache.Count == scans.Items.Count;
            var quiet = synced && controller.Queue.Depth == 0 && controller.Queue.Processing == 0;
            return quietPolls = quiet ? quietPolls + 1 : 0;
        }, n => n >= 2, $"operator {Options.Identity} idle (cache at the server's resourceVersions, empty queue)");
    }

    public async Task<string> ScrapeAsync()
    {
        using var response = await _http.GetAsync($"http://127.0.0.1:{MetricsPort}/metrics", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    public async Task<Metrics> MetricsAsync() => PrometheusText.Parse(await ScrapeAsync());

    public async Task<(int Code, string Body)> ProbeAsync(string path)
    {
        using var response = await _http.GetAsync($"http://127.0.0.1:{HealthPort}{path}", TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }

    private sealed class MemoryLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new MemoryLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class MemoryLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception)}");
            while (lines.Count > 5000 && lines.TryDequeue(out _))
            {
            }
        }
    }
}
