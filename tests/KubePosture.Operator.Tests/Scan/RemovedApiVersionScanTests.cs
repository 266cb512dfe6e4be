using System.Text.Json;
using KubePosture.Operator.Cli.Scan;

namespace KubePosture.Operator.Tests.Scan;

/// <summary>Manifests in API versions Kubernetes removed are assessed like their replacement and reported once each.</summary>
public class RemovedApiVersionScanTests
{
    private const string OldCronJob = """
        apiVersion: batch/v1beta1
        kind: CronJob
        metadata: {name: nightly, namespace: ops}
        spec:
          schedule: "0 2 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  hostPID: true
                  restartPolicy: Never
                  containers:
                  - name: backup
                    image: busybox:1.36
                    securityContext: {privileged: true}
        """;

    private const string OldWorkloads = """
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata: {name: legacy, namespace: ops}
        spec:
          template:
            metadata: {labels: {app: legacy}}
            spec:
              hostNetwork: true
              containers: [{name: app, image: nginx:1.27}]
        ---
        apiVersion: apps/v1beta2
        kind: DaemonSet
        metadata: {name: agent, namespace: ops}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec:
              hostIPC: true
              containers: [{name: agent, image: agent:1}]
        ---
        apiVersion: apps/v1beta1
        kind: StatefulSet
        metadata: {name: db, namespace: ops}
        spec:
          serviceName: db
          template:
            metadata: {labels: {app: db}}
            spec:
              containers: [{name: db, image: postgres:16, ports: [{containerPort: 5432, hostPort: 5432}]}]
        """;

    [Fact]
    public async Task A_privileged_hostPID_batch_v1beta1_CronJob_fails_the_gate_and_is_reported_as_removed()
    {
        using var dir = new ManifestDirectory();
        var file = dir.Write("cron.yaml", OldCronJob);

        var run = await ScanRun.InvokeAsync(["-f", file, "-o", "json", "--fail-on", "high"]);

        Assert.Equal(ScanExitCodes.FindingsAtOrAboveThreshold, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToArray();
        Assert.Contains(findings, f => f.GetProperty("checkId").GetString() == "pod.privileged" && f.GetProperty("name").GetString() == "nightly");
        Assert.Contains(findings, f => f.GetProperty("checkId").GetString() == "pod.host-pid" && f.GetProperty("kind").GetString() == "CronJob");
        var removed = Assert.Single(findings, f => f.GetProperty("checkId").GetString() == "api.removed-version");
        Assert.Equal("batch/v1beta1", removed.GetProperty("apiVersion").GetString());
        Assert.Equal("CronJob", removed.GetProperty("kind").GetString());
        Assert.Equal("ops", removed.GetProperty("namespace").GetString());
        Assert.Contains("batch/v1", removed.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("v1.25", removed.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(file, removed.GetProperty("file").GetString());
    }

    [Fact]
    public async Task Removed_workload_versions_are_assessed_like_apps_v1_and_each_object_is_reported_once()
    {
        using var dir = new ManifestDirectory();
        var file = dir.Write("old.yaml", OldWorkloads);

        var run = await ScanRun.InvokeAsync(["-f", file, "-o", "json", "--checks", "pod.host-network,pod.host-ipc,pod.host-port,api.removed-version"]);

        using var json = JsonDocument.Parse(run.Output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("checkId").GetString()} {f.GetProperty("apiVersion").GetString()} {f.GetProperty("kind").GetString()}/{f.GetProperty("name").GetString()}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
        [
            "api.removed-version apps/v1beta1 StatefulSet/db",
            "api.removed-version apps/v1beta2 DaemonSet/agent",
            "api.removed-version extensions/v1beta1 Deployment/legacy",
            "pod.host-ipc apps/v1 DaemonSet/agent",
            "pod.host-network apps/v1 Deployment/legacy",
            "pod.host-port apps/v1 StatefulSet/db",
        ], findings);
        Assert.Empty(json.RootElement.GetProperty("input").GetProperty("skippedKinds").EnumerateObject());
        Assert.Equal(3, json.RootElement.GetProperty("input").GetProperty("objects").GetInt32());
    }
}
