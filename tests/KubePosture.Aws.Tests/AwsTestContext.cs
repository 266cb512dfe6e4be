using System.Diagnostics.Metrics;
using Amazon.Runtime;
using KubePosture.Aws.Ports;
using KubePosture.Aws.Telemetry;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Aws;
using Microsoft.Extensions.Time.Testing;

namespace KubePosture.Aws.Tests;

/// <summary>An AWS emulator with the demo account plus a session factory pointed at it, signing with the fixture's key.</summary>
public sealed class AwsTestContext : IAsyncDisposable
{
    private AwsTestContext(AwsEmulatorServer server, AwsSessionFactory factory, TestMeterFactory meters, FakeTimeProvider? time)
    {
        Server = server;
        Factory = factory;
        Meters = meters;
        Time = time;
    }

    public static string DemoFixturePath => Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml");

    public AwsEmulatorServer Server { get; }
    public AwsSessionFactory Factory { get; }
    public TestMeterFactory Meters { get; }
    public FakeTimeProvider? Time { get; }

    public IAwsSession Session => Factory.GetSession(new AwsSessionRequest(Server.Fixture.Region));

    public static AwsOptions FastOptions(string endpoint) => new()
    {
        Endpoints = new(StringComparer.OrdinalIgnoreCase) { ["*"] = endpoint },
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
        MaxRetries = 3,
        AttemptTimeout = TimeSpan.FromSeconds(30),
        Limits = new(StringComparer.OrdinalIgnoreCase)
        {
            ["ecr"] = Generous(), ["eks"] = Generous(), ["ec2"] = Generous(), ["ssm"] = Generous(), ["iam"] = Generous(), ["ecs"] = Generous(), ["sts"] = Generous(),
            ["kms"] = Generous(), ["logs"] = Generous(), ["guardduty"] = Generous(), ["inspector2"] = Generous(),
            ["elasticloadbalancing"] = Generous(), ["wafv2"] = Generous(),
        },
    };

    private static AwsServiceLimits Generous() => new() { RequestsPerSecond = 10_000, Burst = 10_000, MaxConcurrency = 16 };

    public static async Task<AwsTestContext> StartAsync(
        string? fixture = null, Action<AwsOptions>? configure = null, FakeTimeProvider? time = null, AWSCredentials? credentials = null, bool defaultChain = false)
    {
        var server = await AwsEmulatorServer.StartAsync(fixture ?? DemoFixturePath, cancellationToken: TestContext.Current.CancellationToken);
        var options = FastOptions(server.BaseUrl);
        configure?.Invoke(options);
        var meters = new TestMeterFactory();
        var (key, secret) = server.Credentials;
        var factory = new AwsSessionFactory(options, new AwsMetrics(meters), (TimeProvider?)time ?? TimeProvider.System, null, null,
            defaultChain ? null : credentials ?? new BasicAWSCredentials(key, secret));
        return new AwsTestContext(server, factory, meters, time);
    }

    public async ValueTask DisposeAsync()
    {
        Factory.Dispose();
        Meters.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>An IMeterFactory whose meters tests can listen to.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, this);
        lock (_meters) _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            foreach (var m in _meters) m.Dispose();
            _meters.Clear();
        }
    }
}
