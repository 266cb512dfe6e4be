using KubePosture.EndToEnd.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KubePosture.EndToEnd.Tests;

/// <summary>With metrics and probes both off the operator listens on no port (not Kestrel's localhost:5000) and still scans.</summary>
public sealed class EndpointsOffTests
{
    [Fact]
    public async Task Both_endpoints_off_listens_nowhere_and_scans()
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var op = await OperatorInstance.StartAsync(cluster, o => o with { MetricsBindAddress = "0", HealthProbeBindAddress = "0" });
        await cluster.CreateAsync(TestCluster.NewScan(TestCluster.ControlNamespace, "quiet"));
        await cluster.WaitForReadyAsync(TestCluster.ControlNamespace, "quiet");

        var server = op.Services.GetRequiredService<IServer>();
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Assert.True(addresses.Count == 0, $"listening on {string.Join(", ", addresses)}");
    }
}
