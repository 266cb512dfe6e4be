using System.Globalization;

namespace KubePosture.Benchmarks;

/// <summary>Command line of the benchmark: <c>scale</c>, <c>micro</c> and <c>report</c> verbs and their options.</summary>
public sealed record BenchOptions
{
    public string Verb { get; init; } = "";
    public IReadOnlyList<int> Sizes { get; init; } = [1_000, 10_000, 50_000];
    public string RepositoryRoot { get; init; } = "";
    public string OperatorDll { get; init; } = "";
    public string WorkDirectory { get; init; } = "";
    public string ResultsDirectory { get; init; } = "";
    public string DocsDirectory { get; init; } = "";
    public TimeSpan EditTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>fleet: clusters exporting to one Security Hub, and findings per cluster.</summary>
    public int FleetClusters { get; init; } = 50;

    public int FleetFindings { get; init; } = 2_000;

    /// <summary>Profile the operator: a dotnet-counters timeline and a gcdump after each phase (the dumps force a full GC, so RSS figures of such a run are not comparable).</summary>
    public bool Profile { get; init; }

    /// <summary>
    /// Report CRDs (the chart's openreports.io Report and ClusterReport, rendered by <c>helm template</c>): when set,
    /// every size is also measured with them installed, so the operator writes a report object per namespace as it
    /// does in clusters where Policy Reporter or Kyverno installed them.
    /// </summary>
    public string? ReportCrdsFile { get; init; }

    /// <summary>Only the runs with the report CRDs (for profiling that configuration).</summary>
    public bool OnlyWithReports { get; init; }

    /// <summary>The configurations measured at each size: without report CRDs, with them, or both.</summary>
    public IReadOnlyList<bool> ReportCrdConfigurations =>
        ReportCrdsFile is null ? [false] : OnlyWithReports ? [true] : [false, true];

    public const string Usage = """
        usage: KubePosture.Benchmarks <verb> [options]
          scale   the operator as a process against emulated clusters; writes <results>/scale.json
                  --sizes 1000,10000,50000  --operator <kubeposture.dll>  --edit-timeout <seconds, default 20>
                  --profile  dotnet-counters timeline and a gcdump after each phase into <work>/pods-<n>/ (needs the
                             dotnet-counters and dotnet-gcdump tools; the dumps force full GCs: not for reported numbers)
                  --report-crds <file>  also measure every size with these report CRDs installed (make bench renders the
                             chart's openreports.io CRDs): the operator then writes one report object per namespace
                  --only-with-reports  with --report-crds: skip the runs without them (profiling)
          micro   BenchmarkDotNet micro-benchmarks (short job); writes <results>/micro.json
          fleet   many clusters exporting their findings to one Security Hub endpoint (the AWS emulator): calls per
                  cluster on the first export, unchanged, one changed finding, one fixed finding, after a restart;
                  writes <results>/fleet.json   --clusters 50  --findings 2000 (per cluster)
          report  docs/performance-scale.png and the generated section of docs/performance.md from the results
        common: --repo <repository root, default: found from the current directory>  --results <dir, default artifacts/bench>
                --work <dir, default <results>/work>  --docs <dir, default <repo>/docs>
        """;

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("scale" or "micro" or "report" or "fleet"))
        {
            throw new ArgumentException($"expected a verb scale, micro, fleet or report, got \"{(args.Length == 0 ? "" : args[0])}\"");
        }

        string? repo = null, operatorDll = null, work = null, results = null, docs = null;
        IReadOnlyList<int> sizes = [1_000, 10_000, 50_000];
        var editTimeout = TimeSpan.FromSeconds(20);
        var profile = false;
        string? reportCrds = null;
        var onlyWithReports = false;
        int clusters = 50, findings = 2_000;
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            switch (args[i])
            {
                case "--sizes":
                    var text = Next();
                    sizes = [.. text.Split(',').Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 25
                        ? n : throw new ArgumentException($"--sizes \"{text}\": expected comma-separated pod counts of at least 25, e.g. 1000,10000,50000"))];
                    break;
                case "--operator": operatorDll = Next(); break;
                case "--profile": profile = true; break;
                case "--only-with-reports": onlyWithReports = true; break;
                case "--report-crds":
                    reportCrds = Next();
                    if (!File.Exists(reportCrds))
                    {
                        throw new ArgumentException($"--report-crds \"{reportCrds}\": no such file");
                    }

                    break;
                case "--clusters": clusters = Count(Next(), "--clusters", 1); break;
                case "--findings": findings = Count(Next(), "--findings", 1); break;
                case "--repo": repo = Next(); break;
                case "--work": work = Next(); break;
                case "--results": results = Next(); break;
                case "--docs": docs = Next(); break;
                case "--edit-timeout":
                    var seconds = Next();
                    editTimeout = double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                        ? TimeSpan.FromSeconds(s) : throw new ArgumentException($"--edit-timeout \"{seconds}\": expected a positive number of seconds");
                    break;
                default: throw new ArgumentException($"unknown option \"{args[i]}\"");
            }
        }

        if (onlyWithReports && reportCrds is null)
        {
            throw new ArgumentException("--only-with-reports needs --report-crds");
        }

        repo ??= FindRepositoryRoot(Directory.GetCurrentDirectory());
        results ??= Path.Combine(repo, "artifacts", "bench");
        return new BenchOptions
        {
            Verb = args[0],
            Sizes = sizes,
            RepositoryRoot = repo,
            OperatorDll = operatorDll ?? Path.Combine(repo, "operator", "KubePosture.Operator", "bin", "Release", "net10.0", "kubeposture.dll"),
            ResultsDirectory = results,
            WorkDirectory = work ?? Path.Combine(results, "work"),
            DocsDirectory = docs ?? Path.Combine(repo, "docs"),
            EditTimeout = editTimeout,
            Profile = profile,
            ReportCrdsFile = reportCrds,
            OnlyWithReports = onlyWithReports,
            FleetClusters = clusters,
            FleetFindings = findings,
        };
    }

    private static int Count(string text, string option, int minimum) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= minimum
            ? n : throw new ArgumentException($"{option} \"{text}\": expected a whole number of at least {minimum}");

    private static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KubePosture.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new ArgumentException($"no KubePosture.slnx above {start}; run from the repository or pass --repo");
    }
}
