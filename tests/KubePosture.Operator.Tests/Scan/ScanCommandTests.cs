using System.Text.Json;
using KubePosture.Operator.Cli.Scan;

namespace KubePosture.Operator.Tests.Scan;

public class ScanCommandTests
{
    [Fact]
    public async Task Findings_at_or_above_fail_on_exit_1_and_json_lists_each_finding()
    {
        using var dir = new ManifestDirectory();
        var file = dir.Write("app.yaml", Manifests.PrivilegedDeployment + "\n---\n" + Manifests.RestrictedDeployment);

        var run = await ScanRun.InvokeAsync(["-f", file, "-o", "json", "--fail-on", "high", "--checks", "pod.privileged,pod.privilege-escalation"]);

        Assert.Equal(ScanExitCodes.FindingsAtOrAboveThreshold, run.ExitCode);
        Assert.Equal("", run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToArray();
        var privileged = Assert.Single(findings, f => f.GetProperty("checkId").GetString() == "pod.privileged");
        Assert.Equal("Critical", privileged.GetProperty("severity").GetString());
        Assert.Equal("apps/v1", privileged.GetProperty("apiVersion").GetString());
        Assert.Equal("Deployment", privileged.GetProperty("kind").GetString());
        Assert.Equal("shop", privileged.GetProperty("namespace").GetString());
        Assert.Equal("web", privileged.GetProperty("name").GetString());
        Assert.Contains("privileged", privileged.GetProperty("message").GetString());
        Assert.Equal(file, privileged.GetProperty("file").GetString());
        Assert.Equal(1, privileged.GetProperty("line").GetInt32());
        Assert.DoesNotContain(findings, f => f.GetProperty("name").GetString() == "api");
        Assert.Equal(["pod.privilege-escalation", "pod.privileged"], json.RootElement.GetProperty("checksRun").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Findings_below_fail_on_or_without_fail_on_exit_0()
    {
        using var dir = new ManifestDirectory();
        var file = dir.Write("app.yaml", Manifests.PrivilegedDeployment);

        var below = await ScanRun.InvokeAsync(["-f", file, "--checks", "pod.privileged", "--fail-on", "critical", "--skip", "pod.privileged"]);
        var without = await ScanRun.InvokeAsync(["-f", file, "--checks", "pod.privileged"]);
        var clean = await ScanRun.InvokeAsync(["-f", dir.Write("clean.yaml", Manifests.RestrictedDeployment), "--checks", "pod.privileged", "--fail-on", "info"]);

        Assert.Equal(ScanExitCodes.UsageOrInputError, below.ExitCode);
        Assert.Contains("--skip: excludes every check that --checks selects", below.Error);
        Assert.Equal(ScanExitCodes.Ok, without.ExitCode);
        Assert.Contains("CRITICAL  pod.privileged  Deployment/shop/web", without.Output);
        Assert.Equal(ScanExitCodes.Ok, clean.ExitCode);
        Assert.StartsWith("No findings.", clean.Output);
    }

    [Fact]
    public async Task Fail_on_compares_severity_not_presence()
    {
        using var dir = new ManifestDirectory();
        var file = dir.Write("app.yaml", Manifests.RestrictedDeployment);

        // image.tag-latest is not raised (nginx:1.27); image.not-pinned is Low.
        var critical = await ScanRun.InvokeAsync(["-f", file, "--checks", "image.*", "--fail-on", "critical"]);
        var low = await ScanRun.InvokeAsync(["-f", file, "--checks", "image.*", "--fail-on", "LOW"]);

        Assert.Equal(ScanExitCodes.Ok, critical.ExitCode);
        Assert.Equal(ScanExitCodes.FindingsAtOrAboveThreshold, low.ExitCode);
    }

    [Theory]
    [InlineData(new[] { "-o", "json" }, "-f/--filename: required")]
    [InlineData(new[] { "-f", "x.yaml", "-o", "xml" }, "-o/--output \"xml\": unknown format; use table, json, sarif, junit, csv or asff")]
    [InlineData(new[] { "-f", "x.yaml", "--fail-on", "severe" }, "--fail-on \"severe\": unknown severity; use critical, high, medium, low or info")]
    [InlineData(new[] { "-f", "x.yaml", "--checks", "pod.privilegd" }, "--checks[0] \"pod.privilegd\": no check or category has that name; did you mean pod.privileged?")]
    [InlineData(new[] { "-f", "x.yaml", "--bogus" }, "\"--bogus\": unknown option or argument")]
    [InlineData(new[] { "-f", "/nonexistent/manifests" }, "-f \"/nonexistent/manifests\": no such file or directory")]
    public async Task Usage_errors_exit_2_and_name_the_option(string[] args, string expected)
    {
        var run = await ScanRun.InvokeAsync(args);

        Assert.Equal(ScanExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Malformed_documents_are_reported_with_file_and_index_the_rest_is_scanned_and_the_exit_is_2()
    {
        using var dir = new ManifestDirectory();
        var file = dir.Write("mixed.yaml", Manifests.PrivilegedDeployment + "\n---\nkind: [broken\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");

        var run = await ScanRun.InvokeAsync(["-f", file, "-o", "json", "--checks", "pod.privileged"]);

        Assert.Equal(ScanExitCodes.UsageOrInputError, run.ExitCode);
        Assert.Contains($"error: {file} document 2 (line ", run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        var error = Assert.Single(json.RootElement.GetProperty("input").GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("document").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("input").GetProperty("objects").GetInt32());
    }

    [Fact]
    public async Task A_kubectl_dump_on_standard_input_attributes_pods_to_their_deployment()
    {
        const string dump = """
            apiVersion: v1
            items:
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web, namespace: shop, uid: d1}
              spec:
                selector: {matchLabels: {app: web}}
                template:
                  metadata: {labels: {app: web}}
                  spec: {hostPID: true, containers: [{name: web, image: nginx:1.27}]}
            - apiVersion: apps/v1
              kind: ReplicaSet
              metadata:
                name: web-7d4
                namespace: shop
                uid: r1
                ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: d1, controller: true}]
              spec:
                selector: {matchLabels: {app: web}}
                template:
                  metadata: {labels: {app: web}}
                  spec: {hostPID: true, containers: [{name: web, image: nginx:1.27}]}
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web-7d4-a
                namespace: shop
                ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4, uid: r1, controller: true}]
              spec: {hostPID: true, containers: [{name: web, image: nginx:1.27}]}
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web-7d4-b
                namespace: shop
                ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4, uid: r1, controller: true}]
              spec: {hostPID: true, containers: [{name: web, image: nginx:1.27}]}
            - apiVersion: v1
              kind: Secret
              metadata: {name: creds, namespace: shop}
              data: {password: aHVudGVyMg==}
            kind: List
            metadata: {resourceVersion: ""}
            """;

        var run = await ScanRun.InvokeAsync(["-f", "-", "-o", "json", "--checks", "pod.host-pid"], dump);

        Assert.Equal(ScanExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal(("Deployment", "web"), (finding.GetProperty("kind").GetString(), finding.GetProperty("name").GetString()));
        Assert.Equal("<stdin>", finding.GetProperty("file").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("input").GetProperty("skippedKinds").GetProperty("v1/Secret").GetInt32());
        Assert.DoesNotContain("aHVudGVyMg", run.Output);
    }

    [Fact]
    public async Task Offline_scans_are_cluster_scoped_and_do_not_evaluate_aws_checks()
    {
        using var dir = new ManifestDirectory();
        var file = dir.Write("rbac.yaml", """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: cluster-admin}
            rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}, {nonResourceURLs: ["*"], verbs: ["*"]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: ci-admin}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects: [{kind: ServiceAccount, name: ci, namespace: ci}]
            """);

        var run = await ScanRun.InvokeAsync(["-f", file, "-o", "json", "--fail-on", "critical"]);

        Assert.Equal(ScanExitCodes.FindingsAtOrAboveThreshold, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("checkId").GetString() == "rbac.cluster-admin-binding" && f.GetProperty("namespace").ValueKind == JsonValueKind.Null);
        foreach (var notEvaluated in json.RootElement.GetProperty("checksNotEvaluated").EnumerateObject())
            Assert.StartsWith("AWS not enabled", notEvaluated.Value.GetString());
    }

    [Fact]
    public async Task List_checks_prints_the_catalog()
    {
        var run = await ScanRun.InvokeAsync(["--list-checks"]);

        Assert.Equal(ScanExitCodes.Ok, run.ExitCode);
        Assert.Matches(@"(?m)^pod\.privileged\s+pod-security\s+Critical\s+Container runs privileged$", run.Output);
    }
}
