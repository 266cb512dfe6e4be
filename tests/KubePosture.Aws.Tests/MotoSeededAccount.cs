using System.Text.Json;
using Amazon.Runtime;
using KubePosture.Aws.Ports;
using KubePosture.Aws.Telemetry;

namespace KubePosture.Aws.Tests;

/// <summary>
/// A moto_server seeded by one of scripts/moto_seed_*.py through boto3, and a session factory of ours pointed at it.
/// The script prints the ids it created as JSON on its last line; <see cref="Id"/> reads them.
/// </summary>
internal sealed class MotoSeededAccount : IAsyncDisposable
{
    private readonly MotoServer _moto;
    private readonly AwsSessionFactory _factory;
    private readonly JsonElement _ids;

    private MotoSeededAccount(MotoServer moto, AwsSessionFactory factory, JsonElement ids)
    {
        _moto = moto;
        _factory = factory;
        _ids = ids;
    }

    public static async Task<MotoSeededAccount> StartAsync(string seedScript, CancellationToken cancellationToken)
    {
        var moto = await MotoServer.StartAsync(cancellationToken);
        var (exit, output) = await PythonScript.RunAsync([Path.Combine(AppContext.BaseDirectory, "scripts", seedScript), moto.Endpoint], cancellationToken);
        Assert.True(exit == 0, output);
        var ids = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
        var factory = new AwsSessionFactory(AwsTestContext.FastOptions(moto.Endpoint), new AwsMetrics(new TestMeterFactory()), TimeProvider.System, null, null,
            new BasicAWSCredentials("testing", "testing"));
        return new MotoSeededAccount(moto, factory, ids);
    }

    public IAwsSession Session => _factory.GetSession(new AwsSessionRequest("us-west-2"));

    public string Id(string name) => _ids.GetProperty(name).GetString()!;

    public async ValueTask DisposeAsync()
    {
        _factory.Dispose();
        await _moto.DisposeAsync();
    }
}
