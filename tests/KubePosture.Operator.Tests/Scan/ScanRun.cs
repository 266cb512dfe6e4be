using System.CommandLine;
using Amazon.Runtime;
using KubePosture.Aws;
using KubePosture.Aws.Ports;
using KubePosture.Aws.Telemetry;
using KubePosture.AwsEmulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using KubePosture.Operator.Cli;

namespace KubePosture.Operator.Tests.Scan;

/// <summary>Runs <c>kubeposture scan</c> in-process and captures its exit code, standard output and standard error.</summary>
internal sealed record ScanRun(int ExitCode, string Output, string Error)
{
    public static Task<ScanRun> InvokeAsync(string[] args, string? standardInput = null) =>
        InvokeAsync(args, new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero), standardInput: standardInput);

    /// <summary>The scan at <paramref name="scanTime"/>, with the host's services adjusted by <paramref name="configureServices"/>.</summary>
    public static async Task<ScanRun> InvokeAsync(string[] args, DateTimeOffset scanTime, Action<IServiceCollection>? configureServices = null, string? standardInput = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var command = ScanCommand.Create(new StringReader(standardInput ?? ""), new FakeTimeProvider(scanTime), configureServices);
        var root = new RootCommand("test") { command };
        var code = await root.Parse(["scan", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return new ScanRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The AWS emulator's demo account (the account <c>make demo</c> runs with).</summary>
    public static string DemoAccount => System.IO.Path.Combine(RepositoryRoot.Path, "tests", "KubePosture.AwsEmulator", "fixtures", "demo-account.yaml");

    /// <summary>Signs the scan's AWS requests with <paramref name="aws"/>'s credentials; the endpoint comes through --aws-endpoint-url.</summary>
    public static void UseEmulatorCredentials(IServiceCollection services, AwsEmulatorServer aws)
    {
        var (key, secret) = aws.Credentials;
        services.AddSingleton<IAwsSessionFactory>(sp => new AwsSessionFactory(
            sp.GetRequiredService<IOptions<AwsOptions>>().Value, sp.GetRequiredService<AwsMetrics>(), TimeProvider.System, null, null, new BasicAWSCredentials(key, secret)));
    }
}

/// <summary>A temporary directory of manifest files, deleted on dispose.</summary>
internal sealed class ManifestDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kubeposture-scan-").FullName;

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static class Manifests
{
    public const string PrivilegedDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                securityContext: {privileged: true}
        """;

    public const string RestrictedDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - name: api
                image: nginx:1.27
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        """;
}
