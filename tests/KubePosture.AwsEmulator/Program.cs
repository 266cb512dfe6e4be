using System.Runtime.InteropServices;
using KubePosture.AwsEmulator;

// Usage: dotnet run --project tests/KubePosture.AwsEmulator -- --fixture <file> [--port <n>]
string? fixture = null;
var port = 0;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--fixture" when i + 1 < args.Length:
            fixture = args[++i];
            break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p):
            port = p;
            i++;
            break;
        default:
            Console.Error.WriteLine($"argument {args[i]}: unknown or missing its value; usage: --fixture <file> [--port <n>]");
            return 2;
    }
}
if (fixture is null || !File.Exists(fixture))
{
    Console.Error.WriteLine($"--fixture \"{fixture}\": file not found; pass an account fixture such as tests/KubePosture.AwsEmulator/fixtures/demo-account.yaml");
    return 2;
}

await using var server = await AwsEmulatorServer.StartAsync(fixture, new AwsEmulatorOptions { Port = port });
Console.WriteLine($"listening on {server.BaseUrl}");
// SIGINT and SIGTERM end the wait and Main returns normally. (Completing from AppDomain.ProcessExit instead
// deadlocked: the continuation ran on the exiting thread and the return from Main waited for that same thread.)
var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stop.Task;
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
