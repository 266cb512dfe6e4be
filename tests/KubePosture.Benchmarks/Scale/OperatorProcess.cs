using System.Diagnostics;
using System.Globalization;

namespace KubePosture.Benchmarks.Scale;

/// <summary>The built operator (<c>kubeposture.dll run</c>) as a child process, with its output in a log file.</summary>
public sealed class OperatorProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private OperatorProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static OperatorProcess Start(string operatorDll, string kubeconfig, string controlNamespace, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(operatorDll))
        {
            throw new FileNotFoundException($"operator build not found at {operatorDll}; run `dotnet build KubePosture.slnx -c Release` first or pass --operator", operatorDll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            operatorDll, "run", "--kubeconfig", kubeconfig, "--control-namespace", controlNamespace,
            "--metrics-bind-address", "127.0.0.1:0", "--health-probe-bind-address", "127.0.0.1:0",
        })
        {
            start.ArgumentList.Add(arg);
        }

        // As the chart runs it: workstation GC (DOTNET_gcServer=0).
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // For profiling: BENCH_OPERATOR_<NAME>=<value> in the benchmark's environment reaches the operator alone as <NAME>
        // (e.g. BENCH_OPERATOR_DOTNET_JitStdOutFile), leaving the benchmark process and its floor client untouched.
        foreach (var entry in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>())
        {
            if (entry.Key is string name && name.StartsWith(OperatorEnvironmentPrefix, StringComparison.Ordinal) && name.Length > OperatorEnvironmentPrefix.Length)
                start.Environment[name[OperatorEnvironmentPrefix.Length..]] = entry.Value as string;
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new OperatorProcess(process, log);
    }

    public const string OperatorEnvironmentPrefix = "BENCH_OPERATOR_";

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>Peak resident set size so far (VmHWM of /proc/&lt;pid&gt;/status), in bytes.</summary>
    public long PeakRssBytes() => ReadStatusKb("VmHWM:") * 1024;

    /// <summary>Current resident set size (VmRSS), in bytes.</summary>
    public long RssBytes() => ReadStatusKb("VmRSS:") * 1024;

    private long ReadStatusKb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{_process.Id}/status has no {field} line");
    }

    /// <summary>CPU time the operator used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
