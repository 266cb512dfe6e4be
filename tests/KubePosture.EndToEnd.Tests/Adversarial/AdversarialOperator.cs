using System.Diagnostics;
using KubePosture.Api;
using KubePosture.EndToEnd.Tests.Support;
using KubePosture.Inventory;
using KubePosture.Operator.Health;
using KubePosture.Operator.InventoryCollection;
using KubePosture.Runtime.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubePosture.EndToEnd.Tests.Adversarial;

/// <summary>
/// One emulated cluster and one in-process operator shared by the adversarial reproductions that do not disturb each
/// other (each uses its own PostureScan names), so the whole suite stays within its time budget. Sources are reported
/// unreachable after 2 s (30 s in production) so the relist reproduction is quick.
/// </summary>
public sealed class AdversarialOperator : IAsyncLifetime
{
    public const string Ns = TestCluster.ControlNamespace;

    internal TestCluster Cluster { get; private set; } = null!;

    internal OperatorInstance Operator { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = await TestCluster.StartAsync();
        Operator = await StartOperatorAsync(Cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await Operator.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>An operator whose inventory reports a source unreachable after 2 s of failures, retrying at most every second.</summary>
    internal static Task<OperatorInstance> StartOperatorAsync(TestCluster cluster) =>
        OperatorInstance.StartAsync(cluster, configureServices: services => services.AddSingleton(sp => new InventoryCollector(
            sp.GetRequiredService<KubeApiClient>(), sp.GetRequiredService<InventoryStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<ReadinessState>())
        {
            UnreachableAfter = TimeSpan.FromSeconds(2),
            InformerOptions = new KubePosture.Runtime.Informers.InformerOptions { MaxErrorBackoff = TimeSpan.FromSeconds(1) },
        }));
}

/// <summary>What the reproductions assert in common: at most one scan per generation, bounded messages, no loop.</summary>
internal static class Adversary
{
    /// <summary>Scans the operator started for the PostureScan (its "scan of generation N started" log lines).</summary>
    public static int ScansStarted(OperatorInstance op, string @namespace, string name) =>
        op.LogLines.Count(l => l.Contains($"PostureScan {@namespace}/{name}: scan of generation", StringComparison.Ordinal) && l.EndsWith(" started", StringComparison.Ordinal));

    /// <summary>Every condition message of the scan within the API server's limit.</summary>
    public static void AssertBounded(PostureScan scan)
    {
        foreach (var condition in scan.Status?.Conditions ?? [])
            Assert.InRange(condition.Message?.Length ?? 0, 0, BoundedText.MaxConditionMessage);
        Assert.InRange(scan.Status?.LastHandledRescan?.Length ?? 0, 0, BoundedText.MaxStatusField);
    }

    /// <summary>
    /// No loop: once the operator is idle, the scan's status writes and scans stay where they are while the operator
    /// handles other work (a loop would keep adding to them without any change to the object); and, when given, the
    /// scans it ran for the PostureScan are exactly <paramref name="scans"/>.
    /// </summary>
    public static async Task AssertQuietAsync(TestCluster cluster, OperatorInstance op, string @namespace, string name, int? scans = null)
    {
        await op.WaitIdleAsync(cluster);
        var writes = cluster.StatusWrites(@namespace, name, TestCluster.OperatorUser);
        var started = ScansStarted(op, @namespace, name);
        if (scans is { } expected)
            Assert.Equal(expected, started);
        // A round trip through the operator: a scan of its own in another namespace, reconciled and completed.
        var probe = "quiet-probe-" + Guid.NewGuid().ToString("N")[..6];
        await cluster.CreateAsync(TestCluster.NewScan("team-b", probe));
        await cluster.WaitForReadyAsync("team-b", probe);
        await op.WaitIdleAsync(cluster);
        Assert.Equal(writes, cluster.StatusWrites(@namespace, name, TestCluster.OperatorUser));
        Assert.Equal(started, ScansStarted(op, @namespace, name));
        await cluster.DeleteAsync("team-b", probe);
    }

    /// <summary>Writes "repro | test | scans per generation | seconds to a bounded status" when KUBEPOSTURE_ADVERSARIAL_REPORT names a file.</summary>
    public static void Report(string repro, string test, string scansPerGeneration, Stopwatch toBoundedStatus)
    {
        if (Environment.GetEnvironmentVariable("KUBEPOSTURE_ADVERSARIAL_REPORT") is { Length: > 0 } file)
            File.AppendAllText(file, $"{repro} | {test} | {scansPerGeneration} | {toBoundedStatus.Elapsed.TotalSeconds:0.00}s\n");
    }
}
