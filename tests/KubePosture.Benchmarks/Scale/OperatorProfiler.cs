using System.Diagnostics;

namespace KubePosture.Benchmarks.Scale;

/// <summary>
/// <c>scale --profile</c>: where the operator's memory goes. A <c>dotnet-counters</c> timeline (GC heap, generation
/// sizes, working set, once a second) for the whole run and a <c>dotnet-gcdump</c> heap report after each phase. The
/// dumps force a full collection, so the RSS figures of a profiled run are not the reported ones.
/// </summary>
public sealed class OperatorProfiler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly string _directory;
    private readonly Action<string> _say;
    private readonly Process? _counters;

    private OperatorProfiler(int pid, string directory, Action<string> say, Process? counters)
    {
        _pid = pid;
        _directory = directory;
        _say = say;
        _counters = counters;
    }

    public static OperatorProfiler Start(int pid, string directory, Action<string> say)
    {
        var counters = Run("dotnet-counters", ["collect", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "csv",
            "-o", Path.Combine(directory, "counters.csv"), "--refresh-interval", "1", "--counters", "System.Runtime"], directory);
        say($"  profiling: dotnet-counters timeline into {Path.Combine(directory, "counters.csv")}");
        return new OperatorProfiler(pid, directory, say, counters);
    }

    /// <summary>A gcdump of the live heap now, and its top types by retained size.</summary>
    public async Task DumpAsync(string phase)
    {
        var dump = Path.Combine(_directory, $"{phase}.gcdump");
        var pid = _pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var collect = Run("dotnet-gcdump", ["collect", "-p", pid, "-o", dump], _directory);
        await collect.WaitForExitAsync();
        using var report = Run("dotnet-gcdump", ["report", dump], _directory);
        var text = await report.StandardOutput.ReadToEndAsync();
        await report.WaitForExitAsync();
        await File.WriteAllTextAsync(Path.ChangeExtension(dump, ".txt"), text);
        _say($"  gcdump after {phase}: {dump} (top types in {Path.ChangeExtension(dump, ".txt")})");
        foreach (var line in text.Split('\n').Skip(1).Take(12))
        {
            _say($"    {line.TrimEnd()}");
        }
    }

    private static Process Run(string tool, IEnumerable<string> arguments, string directory)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"--profile needs {tool} on PATH (dotnet tool install -g {tool}): {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_counters is { HasExited: false })
        {
            _counters.Kill();
            await _counters.WaitForExitAsync();
        }

        _counters?.Dispose();
    }
}
