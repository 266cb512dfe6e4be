using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace KubePosture.EndToEnd.Tests;

/// <summary>
/// <c>make demo</c> (scripts/demo.sh) end to end: both emulators, the chart's RBAC, the operator as its ServiceAccount,
/// examples/posturescan.yaml to Ready, and nothing left running afterwards, also when interrupted.
/// </summary>
public partial class DemoTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Demo_script_reaches_Ready_with_findings_and_leaves_no_process_behind()
    {
        using var demo = DemoProcess.Start();
        var exitCode = await demo.WaitForExitAsync(Limit);
        var output = demo.Output;

        Assert.True(exitCode == 0, $"scripts/demo.sh exited {exitCode}\n{output}");
        Assert.Contains("operator identity: system:serviceaccount:kubeposture:kubeposture", output);
        Assert.Matches(ReadyRow(), output);
        Assert.Matches(@"Ready\s+True\s+ScanCompleted\s+scan completed: [1-9]\d* active findings", output);
        Assert.Contains("Critical  rbac.cluster-admin-binding", output);
        Assert.Contains("Critical  eks.aws-auth-masters", output);
        // The AWS side of the demo account, read through the emulator: linked findings and no degradation.
        Assert.Contains("Critical  ecr.image-vulnerable", output);
        Assert.Matches(@"Degraded\s+False\s+AllSourcesAvailable", output);
        Assert.Matches(@"[1-9]\d* AWS calls", output);
        Assert.Matches(@"kubeposture_findings\{[^}]*severity=""Critical""[^}]*\} [1-9]", output);
        // The scan's findings went to the emulator's Security Hub, every one of them, none refused.
        Assert.Matches(@"Security Hub export: [1-9]\d* findings active, \d+ new, \d+ updated, 0 archived, \d+ unchanged, 0 failed", output);
        Assert.Matches(@"kubeposture_findings\{[^}]*cluster=""demo""", output);
        // The CIS EKS headline: the control plane is AWS's, node files are manual, RBAC controls fail on the demo cluster.
        Assert.Matches(@"cis-eks 1\.8\.0: \d+ pass, [1-9]\d* fail, \d+ excepted, \d+ not-evaluated, [1-9]\d* manual, 1 aws-managed; score \d+", output);
        Assert.Contains("failing: ", output);
        // Issue 19: every family of the AWS coverage the customer owns has a finding on the demo account.
        Assert.Matches(@"KMS keys\s+kms\.key-unusable 1", output);
        Assert.Matches(@"GuardDuty and Inspector\s+detection\.", output);
        Assert.Matches(@"load balancers \(ELBv2\)\s+elb\.", output);
        Assert.Matches(@"exposed vulnerable image\s+linked\.exposed-vulnerable-image 2", output);
        Assert.Contains("demo complete", output);
        AssertNothingLeft(demo.WorkFolder(), output);
    }

    [Fact]
    public async Task Interrupted_demo_stops_everything_it_started()
    {
        using var demo = DemoProcess.Start();
        var started = await demo.WaitForOutputAsync("==> Operator:", Limit);
        Assert.True(started, $"the demo did not reach the operator step\n{demo.Output}");

        demo.Signal("INT");
        var exitCode = await demo.WaitForExitAsync(Limit);

        Assert.True(exitCode == 130, $"expected exit 130 after SIGINT, got {exitCode}\n{demo.Output}");
        Assert.Contains("interrupted", demo.Output);
        AssertNothingLeft(demo.WorkFolder(), demo.Output);
    }

    private static void AssertNothingLeft(string workFolder, string output)
    {
        Assert.False(Directory.Exists(workFolder), $"work folder {workFolder} was not removed\n{output}");
        var stray = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(workFolder, StringComparison.Ordinal))
                    stray.Add($"{Path.GetFileName(proc)}: {cmdline}");
            }
            catch (IOException)
            {
                // the process ended while being read
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        Assert.True(stray.Count == 0, "processes of the demo are still running:\n" + string.Join('\n', stray));
    }

    [GeneratedRegex(@"kubeposture\s+cluster\s+True\s+(True|False)\s+\d+\s+\d+\s+\d+")]
    private static partial Regex ReadyRow();

    /// <summary>scripts/demo.sh as a child process, output captured (stdout and stderr interleaved).</summary>
    private sealed partial class DemoProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Lock _lock = new();
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

        private DemoProcess(Process process)
        {
            _process = process;
        }

        public string Output
        {
            get
            {
                lock (_lock)
                    return _output.ToString();
            }
        }

        public static DemoProcess Start()
        {
            var root = RepositoryRoot.Path;
            // The test runs from bin/<Configuration>/<tfm>/: the demo uses binaries of the same configuration.
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var info = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "demo.sh"), configuration])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment.Remove("KUBEPOSTURE_DEMO_KEEP");
            var demo = new DemoProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
            demo._process.OutputDataReceived += (_, e) => demo.Append(e.Data);
            demo._process.ErrorDataReceived += (_, e) => demo.Append(e.Data);
            demo._process.Exited += (_, _) => demo._exited.TrySetResult();
            demo._process.Start();
            demo._process.BeginOutputReadLine();
            demo._process.BeginErrorReadLine();
            return demo;
        }

        private void Append(string? line)
        {
            if (line is null)
                return;
            lock (_lock)
            {
                _output.Append(line).Append('\n');
                foreach (var (text, seen) in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)))
                    seen.TrySetResult();
            }
        }

        public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                if (_output.ToString().Contains(text, StringComparison.Ordinal))
                    return true;
                _waiters.Add((text, seen));
            }

            var done = await Task.WhenAny(seen.Task, _exited.Task, Task.Delay(timeout, TestContext.Current.CancellationToken));
            return done == seen.Task;
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            var done = await Task.WhenAny(_exited.Task, Task.Delay(timeout, TestContext.Current.CancellationToken));
            if (done != _exited.Task)
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail($"scripts/demo.sh did not finish within {timeout}\n{Output}");
            }

            await _process.WaitForExitAsync(TestContext.Current.CancellationToken); // drains the output
            return _process.ExitCode;
        }

        public void Signal(string signal)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
        }

        public string WorkFolder()
        {
            var match = WorkFolderLine().Match(Output);
            Assert.True(match.Success, $"the demo did not print its work folder\n{Output}");
            return match.Groups[1].Value;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }

        [GeneratedRegex(@"\(work folder (\S+)\)")]
        private static partial Regex WorkFolderLine();
    }
}
