using KubePosture.KubeEmulator;

// kube-emulator: serve an in-memory Kubernetes API until stopped.
//   dotnet run --project tests/KubePosture.KubeEmulator -- [--port N] [--seed <file-or-dir>]... [--kubeconfig <path>]
//       [--token-file <csv>] [--kubernetes-version v1.31.7-eks-1234567] [--synthetic-pods N] [--no-rbac] [--measure]
// --token-file uses kube-apiserver's static token file format: token,user,uid,"group1,group2"
var options = new KubeEmulatorOptions();
var seeds = new List<string>();
string? kubeconfig = null;
string? tokenFile = null;
var syntheticPods = 0;
var measure = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
    int Number(string option)
    {
        var text = Next();
        return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"{option} \"{text}\": expected a whole number ≥ 0");
    }

    try
    {
    switch (args[i])
    {
        case "--port": options.Port = Number("--port"); break;
        case "--seed": seeds.Add(Next()); break;
        case "--kubeconfig": kubeconfig = Next(); break;
        case "--token-file": tokenFile = Next(); break;
        case "--synthetic-pods": syntheticPods = Number("--synthetic-pods"); break;
        case "--kubernetes-version": options.KubernetesVersion = Next(); break;
        case "--no-rbac": options.EnforceRbac = false; break;
        case "--measure": measure = true; break;
        case "-h" or "--help":
            Console.WriteLine("usage: kube-emulator [--port N] [--seed <file-or-dir>]... [--kubeconfig <path>] [--token-file <csv>] [--kubernetes-version vX.Y.Z] [--synthetic-pods N] [--no-rbac] [--measure]\n  --measure: seed --synthetic-pods (default 50000), print memory and paginated LIST time, exit");
            return 0;
        default:
            Console.Error.WriteLine($"unknown option \"{args[i]}\"; run with --help for the options");
            return 2;
    }
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"kube-emulator: {e.Message}");
        return 2;
    }
}

foreach (var seed in seeds.Where(s => !File.Exists(s) && !Directory.Exists(s)))
{
    Console.Error.WriteLine($"kube-emulator: --seed \"{seed}\": no such file or folder (looked in {Path.GetFullPath(seed)})");
    return 2;
}
if (tokenFile is not null && !File.Exists(tokenFile))
{
    Console.Error.WriteLine($"kube-emulator: --token-file \"{tokenFile}\": no such file (looked in {Path.GetFullPath(tokenFile)})");
    return 2;
}

await using var server = await KubeEmulatorServer.StartAsync(options);
if (measure)
{
    Console.WriteLine(await ScaleMeasurement.MeasureAsync(server, syntheticPods > 0 ? syntheticPods : 50_000));
    return 0;
}
if (tokenFile is not null)
{
    foreach (var line in File.ReadAllLines(tokenFile))
    {
        if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
        var fields = TokenFileLine.Split(line);
        if (fields.Count < 2)
        {
            Console.Error.WriteLine($"{tokenFile}: line \"{line}\" needs at least token,user");
            return 2;
        }
        var groups = fields.Count > 3 ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        server.AddToken(fields[0], fields[1], groups);
    }
}
try
{
    foreach (var seed in seeds) Console.WriteLine($"seeded {server.SeedPath(seed)} objects from {seed}");
}
catch (Exception e) when (e is IOException or InvalidDataException or FormatException or InvalidOperationException or ArgumentException)
{
    // A malformed manifest, an unknown kind, a duplicate object: say which and stop, without a stack trace.
    Console.Error.WriteLine($"kube-emulator: seeding failed: {e.Message}");
    return 2;
}
if (syntheticPods > 0)
{
    var synthetic = SyntheticClusterOptions.ForPodCount(syntheticPods);
    Console.WriteLine($"seeded {SyntheticCluster.SeedInto(server, synthetic)} synthetic objects");
}
if (kubeconfig is not null)
{
    server.WriteKubeconfig(kubeconfig);
    Console.WriteLine($"kubeconfig written to {kubeconfig}");
}
Console.WriteLine($"kube-emulator serving on {server.BaseUrl} (Ctrl+C to stop)");
using var stop = new CancellationTokenSource();
// SIGINT and SIGTERM end the wait and Main returns normally. (Cancelling from AppDomain.ProcessExit instead
// deadlocked: the continuation ran on the exiting thread and the return from Main waited for that same thread.)
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
return 0;

void Stop(System.Runtime.InteropServices.PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

/// <summary>Splits a static token file line (CSV with an optional quoted last field).</summary>
internal static class TokenFileLine
{
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else current.Append(c);
        }
        fields.Add(current.ToString().Trim());
        return fields;
    }
}
