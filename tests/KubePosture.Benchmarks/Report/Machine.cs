using System.Globalization;
using System.Runtime.InteropServices;
using KubePosture.Benchmarks.Scale;

namespace KubePosture.Benchmarks.Report;

/// <summary>The machine a run was measured on.</summary>
public sealed record Machine(string Os, string Cpu, int Processors, long MemoryBytes, string Runtime, string LoadAtStart, string MeasuredAt)
{
    public static Machine Describe() => new(
        RuntimeInformation.OSDescription,
        CpuModel(),
        Environment.ProcessorCount,
        MemTotal(),
        RuntimeInformation.FrameworkDescription,
        ScaleRun.LoadAverage(),
        DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static long MemTotal()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>What scale.json holds.</summary>
public sealed record ScaleReport(Machine Machine, IReadOnlyList<ScaleResult> Results);
