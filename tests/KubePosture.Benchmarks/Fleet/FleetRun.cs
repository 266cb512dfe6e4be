using System.Diagnostics;
using System.Diagnostics.Metrics;
using Amazon.Runtime;
using KubePosture.Aws.Ports;
using KubePosture.Aws;
using KubePosture.Aws.SecurityHub;
using KubePosture.Aws.Telemetry;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Model;

namespace KubePosture.Benchmarks.Fleet;

/// <summary>One phase of the fleet run: what every cluster's export did.</summary>
public sealed record FleetPhase(
    string Name, int MinCallsPerCluster, int MaxCallsPerCluster, long SentFindings, int FailedFindings, double WallSeconds, int ImportRequests, int GetFindingsRequests, int Throttled);

/// <summary>The fleet benchmark's results (fleet.json).</summary>
public sealed record FleetResult(int Clusters, int FindingsPerCluster, int StoredFindings, int ActiveFindings, IReadOnlyList<FleetPhase> Phases, string Machine);

/// <summary>
/// Plays a fleet: N clusters, each with its own exporter and AWS session (its own rate limit, as N operators have),
/// exporting a few thousand findings each to one Security Hub endpoint (the AWS emulator), in parallel. Phases: the
/// first export, an unchanged rescan, one changed finding, one fixed finding (archived), and a restart (memory rebuilt
/// from GetFindings). The emulator throttles the first import of every cluster once, so each phase also pays retries.
/// </summary>
public sealed class FleetRun(BenchOptions options, Action<string> log)
{
    private static readonly string[] Checks = ["pod.privileged", "pod.run-as-root", "pod.privilege-escalation", "pod.capabilities-not-dropped", "pod.read-only-root-fs", "pod.resources-missing", "image.not-pinned", "netpol.imds-reachable"];

    public async Task<FleetResult> RunAsync(CancellationToken cancellationToken)
    {
        var fixture = Path.Combine(options.RepositoryRoot, "tests", "KubePosture.AwsEmulator", "fixtures", "demo-account.yaml");
        await using var aws = await AwsEmulatorServer.StartAsync(fixture, cancellationToken: cancellationToken);
        var (key, secret) = aws.Credentials;
        var region = aws.Fixture.Region;
        var clusters = Enumerable.Range(0, options.FleetClusters).Select(i => new Cluster($"fleet-{i:000}", options.FleetFindings)).ToList();
        using var meters = new Meters();
        foreach (var cluster in clusters)
        {
            cluster.Sessions = new AwsSessionFactory(new AwsOptions { Region = region, Endpoints = new(StringComparer.OrdinalIgnoreCase) { ["*"] = aws.BaseUrl } },
                new AwsMetrics(meters), TimeProvider.System, null, null, new BasicAWSCredentials(key, secret));
            var (hub, account, partition) = await cluster.Sessions.GetSecurityHubAsync(new AwsSessionRequest(region), cancellationToken);
            cluster.Hub = hub;
            cluster.Source = new AsffSource(partition, region, account, cluster.Name, "kubeposture/cluster");
        }

        var phases = new List<FleetPhase>();
        async Task Phase(string name, Action<Cluster>? change = null, bool restart = false)
        {
            foreach (var cluster in clusters)
            {
                change?.Invoke(cluster);
                if (restart) cluster.Exporter = new SecurityHubExporter(TimeProvider.System);
            }

            aws.Requests.Clear();
            aws.Faults.Inject("securityhub:BatchImportFindings", AwsFault.Throttling(times: clusters.Count / 10 + 1));
            var watch = Stopwatch.StartNew();
            var results = await Task.WhenAll(clusters.Select(c => c.Exporter.ExportAsync(c.Hub, c.Source, AsffScan.Map(c.Findings, [], c.Source), cancellationToken)));
            watch.Stop();
            aws.Faults.Clear();
            var entries = aws.Requests.Entries.Where(e => e.Service == "securityhub").ToList();
            var phase = new FleetPhase(name, results.Min(r => r.Calls), results.Max(r => r.Calls), results.Sum(r => (long)r.Sent), results.Sum(r => r.Failed.Count),
                Math.Round(watch.Elapsed.TotalSeconds, 2), entries.Count(e => e.Operation == "BatchImportFindings" && e.Status == 200),
                entries.Count(e => e.Operation == "GetFindings" && e.Status == 200), entries.Count(e => e.Status == 429));
            phases.Add(phase);
            log($"fleet: {name}: {phase.MinCallsPerCluster}-{phase.MaxCallsPerCluster} calls per cluster, {phase.SentFindings} findings sent, {phase.FailedFindings} failed, "
                + $"{phase.ImportRequests} imports + {phase.GetFindingsRequests} GetFindings pages (+{phase.Throttled} throttled and retried), {phase.WallSeconds} s");
        }

        log($"fleet: {clusters.Count} clusters x {options.FleetFindings} findings to one Security Hub endpoint");
        await Phase("first export");
        await Phase("unchanged rescan");
        await Phase("one finding changed", c => c.Findings[7] = Finding(7, "runs privileged and now mounts the container runtime socket"));
        await Phase("one finding fixed", c => c.Findings.RemoveAt(c.Findings.Count - 1));
        await Phase("restart, unchanged", restart: true);
        var stored = aws.SecurityHub.StoredFindings;
        var active = stored.Values.Count(f => f["RecordState"]?.GetValue<string>() == "ACTIVE");
        foreach (var cluster in clusters) cluster.Sessions.Dispose();
        log($"fleet: the emulator holds {stored.Count} findings, {active} active");
        return new FleetResult(clusters.Count, options.FleetFindings, stored.Count, active, phases,
            $"{Environment.ProcessorCount} CPUs, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private static Finding Finding(int i, string message = "runs privileged") => new(
        Checks[i % Checks.Length], (Severity)(i % 5), new ResourceRef("apps/v1", "Deployment", $"team-{i % 40}", $"app-{i / Checks.Length}"),
        $"Deployment app-{i / Checks.Length}: container \"main\" {message}", new Dictionary<string, string> { ["container"] = "main", ["field"] = "spec.template.spec.containers[0]" });

    private sealed class Cluster(string name, int findings)
    {
        public string Name { get; } = name;
        public List<Finding> Findings { get; } = [.. Enumerable.Range(0, findings).Select(i => FleetRun.Finding(i))];
        public SecurityHubExporter Exporter { get; set; } = new(TimeProvider.System);
        public AwsSessionFactory Sessions { get; set; } = null!;
        public ISecurityHubPort Hub { get; set; } = null!;
        public AsffSource Source { get; set; } = null!;
    }

    private sealed class Meters : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            lock (_meters) _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters) meter.Dispose();
        }
    }
}
