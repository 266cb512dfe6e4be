using KubePosture.KubeEmulator;

namespace KubePosture.Chart.Tests;

/// <summary>
/// The Kubernetes emulator on loopback with the real kubectl pointed at it (its own kubeconfig and discovery
/// cache). kubectl is the independent client: what it accepts and prints is what users will see.
/// </summary>
internal sealed class KubectlCluster : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubeposture-kubectl-").FullName;

    private KubectlCluster(KubeEmulatorServer server) => Server = server;

    public KubeEmulatorServer Server { get; }

    public static string Kubectl => ExternalTools.Kubectl;

    public static async Task<KubectlCluster> StartAsync(CancellationToken cancellationToken)
    {
        var server = await KubeEmulatorServer.StartAsync(new KubeEmulatorOptions(), cancellationToken);
        return new KubectlCluster(server);
    }

    /// <summary>Runs kubectl as admin, or as the holder of <paramref name="token"/>.</summary>
    public Task<ProcessResult> RunAsync(string? token, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var kubeconfig = Path.Combine(_dir, token is null ? "admin.kubeconfig" : $"{Math.Abs(token.GetHashCode(StringComparison.Ordinal))}.kubeconfig");
        if (!File.Exists(kubeconfig))
            Server.WriteKubeconfig(kubeconfig, token);
        return ProcessRunner.RunAsync(Kubectl, ["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(_dir, "cache"), .. args], _dir, cancellationToken);
    }

    public Task<ProcessResult> RunAsync(params string[] args) => RunAsync(null, args, TestContext.Current.CancellationToken);

    public async Task<ProcessResult> MustAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)}: {result.Describe()}");
        return result;
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Installs the chart's CRDs and waits until they are served.</summary>
    public async Task InstallCrdsAsync()
    {
        await MustAsync("apply", "--server-side", "-f", Path.Combine(Tools.ChartPath, "crds"));
        await MustAsync("wait", "--for=condition=Established", "crd/posturescans.kubeposture.io", "crd/postureexceptions.kubeposture.io", "--timeout=60s");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
