using System.Text.Json;
using KubePosture.Benchmarks;
using KubePosture.Benchmarks.Micro;
using KubePosture.Benchmarks.Report;
using KubePosture.Benchmarks.Scale;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"KubePosture.Benchmarks: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

// This process serves the emulated API server and measures the floor at once: with the thread pool's default minimum
// (one thread per core) the two starve each other and the pool's slow thread injection (about one thread per 500 ms)
// adds about a second to every floor measurement whatever the cluster size.
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
Directory.CreateDirectory(options.ResultsDirectory);
var json = new JsonSerializerOptions { WriteIndented = true };
switch (options.Verb)
{
    case "scale":
    {
        var results = new List<ScaleResult>();
        foreach (var (size, reportCrds) in options.Sizes.SelectMany(size => options.ReportCrdConfigurations.Select(reportCrds => (size, reportCrds))))
        {
            Console.WriteLine($"scale: {size} pods{(reportCrds ? ", report CRDs installed" : "")} (load {ScaleRun.LoadAverage()})");
            results.Add(await new ScaleRun(options, Console.WriteLine).RunAsync(size, reportCrds, CancellationToken.None));
            // Results so far are kept even if a larger size fails.
            await File.WriteAllTextAsync(Path.Combine(options.ResultsDirectory, "scale.json"), JsonSerializer.Serialize(new ScaleReport(Machine.Describe(), results), json));
            GC.Collect();
        }

        return 0;
    }

    case "fleet":
    {
        var fleet = await new KubePosture.Benchmarks.Fleet.FleetRun(options, Console.WriteLine).RunAsync(CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(options.ResultsDirectory, "fleet.json"), JsonSerializer.Serialize(fleet, json));
        return 0;
    }

    case "micro":
    {
        var micro = MicroBenchmarks.Run(options);
        await File.WriteAllTextAsync(Path.Combine(options.ResultsDirectory, "micro.json"), JsonSerializer.Serialize(micro, json));
        foreach (var line in micro.Lines())
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    default:
    {
        var scale = JsonSerializer.Deserialize<ScaleReport>(await File.ReadAllTextAsync(Path.Combine(options.ResultsDirectory, "scale.json")))
            ?? throw new InvalidDataException("scale.json is empty; run the scale verb first");
        var microPath = Path.Combine(options.ResultsDirectory, "micro.json");
        var micro = File.Exists(microPath) ? JsonSerializer.Deserialize<MicroResults>(await File.ReadAllTextAsync(microPath)) : null;
        PerformanceReport.Write(options, scale, micro);
        Console.WriteLine($"wrote {Path.Combine(options.DocsDirectory, PerformanceReport.ChartFile)} and {Path.Combine(options.DocsDirectory, "performance.md")}");
        return 0;
    }
}
