using System.Diagnostics;

namespace KubePosture.KubeEmulator.Tests;

/// <summary>The kube-emulator program: bad arguments and bad seeds are one clear line and exit code 2, never a stack trace.</summary>
public sealed class ProgramTests
{
    [Theory]
    [InlineData("--seed|/nonexistent/seed", "--seed \"/nonexistent/seed\": no such file or folder")]
    [InlineData("--port|abc", "--port \"abc\": expected a whole number")]
    [InlineData("--port", "option --port needs a value")]
    [InlineData("--frobnicate", "unknown option \"--frobnicate\"")]
    public async Task Bad_arguments_exit_2_with_one_line(string args, string message)
    {
        var (code, stderr) = await RunAsync(args.Split('|'));
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_seed_names_the_file_and_line()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("seed-").FullName, "bad.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n", TestContext.Current.CancellationToken);

        var (code, stderr) = await RunAsync(["--seed", file]);

        Assert.Equal(2, code);
        Assert.Contains($"seeding failed: {file} (line 4, column 1): not valid YAML or JSON", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stderr)> RunAsync(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KubePosture.KubeEmulator.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("kube-emulator did not exit within 60 s on bad input (it should not start serving)");
        }

        return (process.ExitCode, await stderr);
    }
}
