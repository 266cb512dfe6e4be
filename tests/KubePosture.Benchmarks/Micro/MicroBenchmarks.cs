using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Rbac;
using KubePosture.Checks.Semantics;
using KubePosture.Inventory;

namespace KubePosture.Benchmarks.Micro;

/// <summary>The whole check catalog over a cluster-wide inventory of the 10,000-pod benchmark cluster.</summary>
[MemoryDiagnoser]
public class CheckEvaluationBenchmark
{
    public const int Pods = 10_000;
    private ClusterInventory _inventory = null!;

    [GlobalSetup]
    public void Setup() => _inventory = BenchInventory.Snapshot(BenchInventory.Store(Pods));

    /// <summary>Every check over every workload; a fresh inventory instance so the RBAC index is rebuilt as in a real scan.</summary>
    [Benchmark]
    public EngineResult EvaluateCatalog() => CheckEngine.Run(BenchInventory.Fresh(_inventory), CheckSelection.All);
}

/// <summary>Store ─▶ scoped inventory snapshot (the step before the checks in every scan).</summary>
[MemoryDiagnoser]
public class SnapshotBenchmark
{
    private InventoryStore _store = null!;

    [GlobalSetup]
    public void Setup() => _store = BenchInventory.Store(CheckEvaluationBenchmark.Pods);

    [Benchmark]
    public ClusterInventory Snapshot() => BenchInventory.Snapshot(_store);
}

/// <summary>The effective-permissions index of the 50,000-pod cluster's RBAC (5,000 Roles and RoleBindings, ClusterRoles with aggregation).</summary>
[MemoryDiagnoser]
public class RbacIndexBenchmark
{
    public const int Pods = 50_000;
    private ClusterInventory _inventory = null!;

    [GlobalSetup]
    public void Setup()
    {
        var full = BenchInventory.Snapshot(BenchInventory.Store(Pods));
        // Only what the index reads: keeps the setup's memory low.
        _inventory = new ClusterInventory { ScanTime = full.ScanTime, Scope = full.Scope, Roles = full.Roles, Bindings = full.Bindings };
    }

    [Benchmark]
    public RbacIndex Build() => RbacIndex.Build(_inventory);
}

/// <summary>Image reference parsing over the shapes seen in clusters (ECR, Docker Hub short names, digests, ports).</summary>
[MemoryDiagnoser]
public class ImageReferenceBenchmark
{
    public static readonly string[] References =
    [
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/bench/svc-00042:v1.2.0",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/bench/svc-00042@sha256:0b2a6f6b7c0f4bd2d1a9e5a1e9d0a3b7c1f8e2d4c6b8a0f1e3d5c7b9a2f4e6d8",
        "nginx",
        "library/redis:7.2",
        "docker.io/library/busybox:latest",
        "public.ecr.aws/eks/aws-load-balancer-controller:v2.7.1",
        "registry.example.com:5000/team/app:1.0@sha256:0b2a6f6b7c0f4bd2d1a9e5a1e9d0a3b7c1f8e2d4c6b8a0f1e3d5c7b9a2f4e6d8",
        "ghcr.io/example/worker",
    ];

    [Benchmark(OperationsPerInvoke = 8)]
    public int Parse()
    {
        var pinned = 0;
        foreach (var reference in References)
        {
            if (ImageReference.Parse(reference).IsPinned)
            {
                pinned++;
            }
        }

        return pinned;
    }
}

/// <summary>One micro-benchmark's numbers.</summary>
public sealed record MicroResult(string Name, double MeanNanoseconds, double ErrorNanoseconds, long AllocatedBytes, string Throughput);

/// <summary>What micro.json holds.</summary>
public sealed record MicroResults(string Job, IReadOnlyList<MicroResult> Results, string Load)
{
    public IEnumerable<string> Lines() => Results.Select(r => string.Create(CultureInfo.InvariantCulture,
        $"{r.Name}: {Format(r.MeanNanoseconds)} ± {Format(r.ErrorNanoseconds)}, {r.AllocatedBytes / 1024.0:F0} KiB allocated; {r.Throughput}"));

    public static string Format(double ns) => ns switch
    {
        >= 1e9 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e9:F2} s"),
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:F1} ms"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:F1} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns:F0} ns"),
    };
}

/// <summary>Runs the micro-benchmarks in process with a short job (1 launch, 2 warm-up and 5 measured iterations).</summary>
public static class MicroBenchmarks
{
    public const string JobDescription = "BenchmarkDotNet in-process, 1 launch, 2 warm-up + 5 measured iterations";

    public static MicroResults Run(BenchOptions options)
    {
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).WithId("short"))
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(options.ResultsDirectory, "BenchmarkDotNet"))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summaries = BenchmarkRunner.Run([typeof(CheckEvaluationBenchmark), typeof(SnapshotBenchmark), typeof(RbacIndexBenchmark), typeof(ImageReferenceBenchmark)], config);

        // Sizes for the throughput lines.
        var inventory = BenchInventory.Snapshot(BenchInventory.Store(CheckEvaluationBenchmark.Pods));
        var engine = CheckEngine.Run(inventory, CheckSelection.All);
        var workloads = inventory.Workloads.Count;
        var checks = engine.ChecksRun.Count;
        var rbac = RbacIndexBenchmark.Pods / 10;

        var results = new List<MicroResult>();
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            var mean = report.ResultStatistics?.Mean ?? double.NaN;
            var error = report.ResultStatistics?.StandardError ?? double.NaN;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            var type = report.BenchmarkCase.Descriptor.Type;
            var throughput = type == typeof(CheckEvaluationBenchmark)
                ? string.Create(CultureInfo.InvariantCulture, $"{workloads:N0} workloads x {checks} checks = {workloads * (double)checks / (mean / 1e9):N0} workload-checks/s")
                : type == typeof(RbacIndexBenchmark)
                    ? string.Create(CultureInfo.InvariantCulture, $"{rbac:N0} Roles + {rbac:N0} RoleBindings: {rbac * 2 / (mean / 1e9):N0} RBAC objects/s")
                    : type == typeof(ImageReferenceBenchmark)
                        ? string.Create(CultureInfo.InvariantCulture, $"{1e9 / mean:N0} references/s")
                        : string.Create(CultureInfo.InvariantCulture, $"{workloads:N0} workloads, {inventory.Roles.Count:N0} roles, {inventory.Bindings.Count:N0} bindings");
            results.Add(new MicroResult($"{type.Name}.{report.BenchmarkCase.Descriptor.WorkloadMethod.Name}", mean, error, allocated, throughput));
        }

        return new MicroResults(JobDescription, results, Scale.ScaleRun.LoadAverage());
    }
}
