using System.Diagnostics;
using System.Text.RegularExpressions;

namespace KubePosture.Tests.Shared;

/// <summary>
/// moto's standalone server (moto_server, from the machine image's Python) on loopback and an OS-chosen port: a
/// third-party AWS emulator to hold the operator's AWS clients and documents to. Fails loudly when moto is missing
/// (tests never skip). Dispose stops the process this started.
/// </summary>
internal sealed partial class MotoServer : IAsyncDisposable
{
    private readonly Process _process;

    private MotoServer(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>http://127.0.0.1:port: every service moto emulates answers here.</summary>
    public string Endpoint { get; }

    /// <summary>moto's default account; STS GetCallerIdentity answers it.</summary>
    public const string AccountId = "123456789012";

    public static async Task<MotoServer> StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("moto_server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-H", "127.0.0.1", "-p", "0" }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("moto_server could not be started; install moto[server] for python3");
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Read(string? line)
        {
            if (line is null) return;
            log.Enqueue(line);
            if (Listening().Match(line) is { Success: true } m) found.TrySetResult(m.Groups[1].Value);
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var endpoint = await found.Task.WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);
            return new MotoServer(process, endpoint);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Stop(process);
            throw new InvalidOperationException($"moto_server did not report its address: {string.Join(" | ", log)}", e);
        }
    }

    [GeneratedRegex(@"Running on (http://127\.0\.0\.1:[0-9]+)")]
    private static partial Regex Listening();

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>Runs python3 scripts; fails loudly when python3 or a module is missing (never skips).</summary>
internal static class PythonScript
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment.Remove("AWS_PROFILE");
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started; install python3 with boto3 and moto");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
