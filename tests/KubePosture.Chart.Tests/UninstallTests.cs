using System.Text.RegularExpressions;

namespace KubePosture.Chart.Tests;

/// <summary>
/// Uninstalling after the operator is gone: a PostureScan holding the operator's finalizer keeps its namespace in
/// Terminating until the documented block (docs/install.md, run verbatim with bash and the real kubectl) releases it.
/// </summary>
public partial class UninstallTests
{
    [Fact]
    public async Task The_documented_commands_release_stuck_scans_and_their_namespace_without_the_operator()
    {
        await using var cluster = await KubectlCluster.StartAsync(TestContext.Current.CancellationToken);
        await cluster.InstallCrdsAsync();
        await cluster.MustAsync("apply", "-f", cluster.WriteFile("report-crds.yaml", await OperatorRun.OpenReportsCrdsAsync()));
        await cluster.MustAsync("wait", "--for=condition=Established", "crd/reports.openreports.io", "--timeout=60s");
        await cluster.MustAsync("create", "namespace", RenderedChart.Namespace);
        await cluster.MustAsync("create", "namespace", "team-a");
        // What the operator leaves behind: scans with its finalizer, and report objects in other namespaces.
        await cluster.MustAsync("apply", "-f", cluster.WriteFile("leftovers.yaml", """
            apiVersion: kubeposture.io/v1alpha1
            kind: PostureScan
            metadata: {name: cluster, namespace: kubeposture, finalizers: [kubeposture.io/finalizer]}
            spec: {}
            ---
            apiVersion: kubeposture.io/v1alpha1
            kind: PostureScan
            metadata: {name: team-a, namespace: team-a, finalizers: [kubeposture.io/finalizer]}
            spec: {}
            ---
            apiVersion: openreports.io/v1alpha1
            kind: Report
            metadata:
              name: kubeposture.kubeposture.cluster
              namespace: team-a
              labels: {app.kubernetes.io/managed-by: kubeposture}
            summary: {fail: 1}
            ---
            apiVersion: openreports.io/v1alpha1
            kind: ClusterReport
            metadata:
              name: kubeposture.kubeposture.cluster
              labels: {app.kubernetes.io/managed-by: kubeposture}
            summary: {fail: 0}
            """));

        await cluster.MustAsync("delete", "namespace", RenderedChart.Namespace, "--wait=false");
        await cluster.MustAsync("delete", "posturescan", "team-a", "-n", "team-a", "--wait=false");
        var stuck = await cluster.MustAsync("get", "namespace", RenderedChart.Namespace, "-o", "jsonpath={.status.phase}");
        Assert.Equal("Terminating", stuck.Stdout.Trim());

        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeposture-uninstall-{Guid.NewGuid():N}.kubeconfig");
        cluster.Server.WriteKubeconfig(kubeconfig);
        try
        {
            var script = DocumentedBlock();
            var result = await ProcessRunner.RunAsync("bash", ["-euo", "pipefail", "-c", script], null, TestContext.Current.CancellationToken, new Dictionary<string, string>
            {
                ["KUBECONFIG"] = kubeconfig,
                ["PATH"] = Path.GetDirectoryName(KubectlCluster.Kubectl) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            });
            Assert.True(result.ExitCode == 0, result.Describe());
        }
        finally
        {
            File.Delete(kubeconfig);
        }

        var scans = await cluster.MustAsync("get", "posturescans", "-A", "-o", "name");
        Assert.Equal("", scans.Stdout.Trim());
        var namespaces = await cluster.MustAsync("get", "namespaces", "-o", "name");
        Assert.DoesNotContain($"namespace/{RenderedChart.Namespace}\n", namespaces.Stdout + "\n", StringComparison.Ordinal);
        var reports = await cluster.MustAsync("get", "reports.openreports.io,clusterreports.openreports.io", "-A", "-o", "name");
        Assert.Equal("", reports.Stdout.Trim());
    }

    private static string DocumentedBlock()
    {
        var doc = File.ReadAllText(Path.Combine(Tools.RepositoryRoot, "docs", "install.md"));
        var match = Block().Match(doc);
        Assert.True(match.Success, "docs/install.md has no ```sh block after <!-- uninstall-without-operator -->");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("<!-- uninstall-without-operator -->\\s*```sh\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
