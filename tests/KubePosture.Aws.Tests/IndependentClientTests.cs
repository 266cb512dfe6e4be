using System.Diagnostics;

namespace KubePosture.Aws.Tests;

/// <summary>
/// botocore (through boto3, installed on the machine image) pointed at the AWS emulator: the emulator speaks AWS, not
/// just our client. Every emulated operation must come back parsed by botocore's own service models.
/// </summary>
public sealed class IndependentClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Boto3_gets_well_formed_answers_for_every_emulated_operation()
    {
        await using var aws = await AwsTestContext.StartAsync();
        var (key, secret) = aws.Server.Credentials;
        var token = aws.Server.Fixture.Section("sts")["webIdentityToken"]!.GetValue<string>();
        var script = Path.Combine(AppContext.BaseDirectory, "scripts", "boto3_against_emulator.py");

        var (exit, output) = await Python.RunAsync([script, aws.Server.BaseUrl, key, secret, token], Ct);

        Assert.True(exit == 0, output);
        var ok = output.Split('\n').Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).ToHashSet();
        Assert.Empty(aws.Server.Operations.Except(ok));
    }
}

/// <summary>Runs python3 scripts; fails loudly when python3 or a module is missing (never skips).</summary>
public static class Python
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
