using System.Diagnostics;
using System.Globalization;

namespace KubePosture.KubeEmulator;

/// <summary>What a synthetic cluster of a given size costs: memory held and the time of a paginated LIST of all pods.</summary>
public sealed record ScaleMeasurement(
    int Pods,
    int StoredObjects,
    long StoredJsonBytes,
    long ManagedHeapGrowthBytes,
    TimeSpan SeedTime,
    TimeSpan PaginatedListTime,
    int Pages,
    int ListedPods)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"kube-emulator scale: {Pods} pods ({StoredObjects} objects, {StoredJsonBytes / 1048576.0:F1} MiB JSON) seeded in {SeedTime.TotalSeconds:F1}s; " +
        $"managed heap +{ManagedHeapGrowthBytes / 1048576.0:F1} MiB; paginated LIST (limit 500) of all pods: {ListedPods} pods in {Pages} pages, " +
        $"{PaginatedListTime.TotalSeconds:F2}s ({ListedPods / Math.Max(PaginatedListTime.TotalSeconds, 1e-9):F0} pods/s)");

    /// <summary>Seeds a synthetic cluster of about <paramref name="pods"/> pods into <paramref name="server"/> and lists them through KubernetesClient.</summary>
    public static async Task<ScaleMeasurement> MeasureAsync(KubeEmulatorServer server, int pods, CancellationToken cancellationToken = default)
    {
        var options = SyntheticClusterOptions.ForPodCount(pods);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var seed = Stopwatch.StartNew();
        SyntheticCluster.SeedInto(server, options);
        seed.Stop();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var (objects, bytes) = server.StorageSize();

        using var client = server.CreateClient();
        var list = Stopwatch.StartNew();
        string? token = null;
        var listed = 0;
        var pages = 0;
        do
        {
            var page = await k8s.CoreV1OperationsExtensions.ListPodForAllNamespacesAsync(client.CoreV1, limit: 500, continueParameter: token, cancellationToken: cancellationToken);
            listed += page.Items.Count;
            pages++;
            token = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));
        list.Stop();
        return new ScaleMeasurement(options.TotalPods, objects, bytes, after - before, seed.Elapsed, list.Elapsed, pages, listed);
    }
}
