using System.Diagnostics;
using System.Text;

namespace KubePosture.EndToEnd.Tests.Support;

/// <summary>
/// The operator as a real process: <c>dotnet exec kubeposture.dll run ...</c> from the test's output directory (the
/// project reference copies the operator there), so signals, exit codes and leader election behave as in a pod.
/// Output is captured for failure messages. Only the process this object started is ever signalled or killed.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OperatorProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts <c>kubeposture run</c> against the cluster as user <paramref name="user"/> (system:masters), with POD_NAME = <paramref name="name"/>.</summary>
    public static OperatorProcess Start(TestCluster cluster, string name, string user, params string[] extraArgs)
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeposture-e2e-{name}-{Guid.NewGuid():N}.kubeconfig");
        cluster.Server.WriteKubeconfig(kubeconfig, cluster.Server.AddUserToken(user, "system:masters"));
        var dll = Path.Combine(AppContext.BaseDirectory, "kubeposture.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"operator assembly not found next to the tests: {dll}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", dll, "run", "--kubeconfig", kubeconfig, "--metrics-bind-address", "0", "--health-probe-bind-address", "127.0.0.1:0", "--control-namespace", TestCluster.ControlNamespace }.Concat(extraArgs))
            start.ArgumentList.Add(arg);
        start.Environment["POD_NAME"] = name;
        start.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var result = new OperatorProcess(process, name);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Sends SIGTERM (what the kubelet sends on pod deletion) to this process.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited {kill.ExitCode}");
    }

    /// <summary>SIGKILL: the process dies without releasing anything (a node failure, an OOM kill).</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"operator {Name} did not exit within {timeout.TotalSeconds}s; output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
