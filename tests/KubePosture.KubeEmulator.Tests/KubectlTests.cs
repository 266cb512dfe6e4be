using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Tests.Support;

namespace KubePosture.KubeEmulator.Tests;

/// <summary>The real kubectl (a client nobody here wrote) against the emulator: the CRD lifecycle end to end.</summary>
public sealed class KubectlTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly KubeEmulatorServer _server;
    private readonly Kubectl _kubectl;

    public KubectlTests(EmulatorFixture fixture)
    {
        _server = fixture.Server;
        _kubectl = new Kubectl(_server);
    }

    public void Dispose() => _kubectl.Dispose();

    private async Task<string> NamespaceWithCrdAsync(string ns)
    {
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("crd.yaml", Manifests.WidgetCrd))).EnsureSuccess();
        (await _kubectl.RunAsync("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=30s")).EnsureSuccess();
        (await _kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        return ns;
    }

    private async Task ApplyWidgetAsync(string ns, string name, int size, string extra = "")
    {
        var file = _kubectl.WriteFile($"{ns}-{name}.yaml", Manifests.Widget(ns, name, size, extra));
        (await _kubectl.RunAsync("apply", "-f", file)).EnsureSuccess();
    }

    [Fact]
    public async Task Apply_crd_and_custom_resource_then_get_prints_crd_columns()
    {
        var ns = await NamespaceWithCrdAsync("columns");
        await ApplyWidgetAsync(ns, "w1", 3);

        var table = (await _kubectl.RunAsync("get", "widgets", "-n", ns)).EnsureSuccess().Stdout;
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+SIZE\s+READY\s+AGE$", lines[0]);
        Assert.Matches(@"^w1\s+3\s+\d+s$", lines[1]);

        var byShortName = (await _kubectl.RunAsync("get", "wd", "w1", "-n", ns, "-o", "name")).EnsureSuccess().Stdout.Trim();
        Assert.Equal("widget.example.com/w1", byShortName);

        var again = (await _kubectl.RunAsync("apply", "-f", Path.Combine(_kubectl.WorkDir, $"{ns}-w1.yaml"))).EnsureSuccess().Stdout;
        Assert.Contains("unchanged", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_yaml_shows_server_fields_and_schema_defaults()
    {
        var ns = await NamespaceWithCrdAsync("yaml");
        await ApplyWidgetAsync(ns, "w1", 4);

        var json = JsonNode.Parse((await _kubectl.RunAsync("get", "widget", "w1", "-n", ns, "-o", "json")).EnsureSuccess().Stdout)!;
        Assert.Equal("red", json["spec"]!["color"]!.GetValue<string>());
        Assert.Equal(1, json["metadata"]!["generation"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(json["metadata"]!["uid"]!.GetValue<string>()));
        Assert.True(long.Parse(json["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        var yaml = (await _kubectl.RunAsync("get", "widget", "w1", "-n", ns, "-o", "yaml")).EnsureSuccess().Stdout;
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", yaml, StringComparison.Ordinal);
        Assert.Contains("creationTimestamp:", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_watch_sees_an_update()
    {
        var ns = await NamespaceWithCrdAsync("watching");
        await ApplyWidgetAsync(ns, "w1", 2);
        using var watch = _kubectl.Start("get", "widgets", "-n", ns, "-w");
        await Eventually.UntilAsync(() => watch.Stdout.Contains("w1", StringComparison.Ordinal), "kubectl get -w printed the initial row");
        await Eventually.UntilAsync(() => _server.Requests.Count(r => r.Verb == "watch" && r.Resource == "widgets.example.com" && r.Namespace == ns) > 0, "kubectl opened its watch");

        (await _kubectl.RunAsync("patch", "widget", "w1", "-n", ns, "--type=merge", "-p", """{"spec":{"size":9}}""")).EnsureSuccess();

        await Eventually.UntilAsync(() => watch.Stdout.Split('\n').Any(l => l.StartsWith("w1", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "9"),
            "kubectl get -w printed the updated size");
    }

    [Fact]
    public async Task Status_condition_set_through_status_subresource_releases_kubectl_wait()
    {
        var ns = await NamespaceWithCrdAsync("waiting");
        await ApplyWidgetAsync(ns, "w1", 2);
        using var wait = _kubectl.Start("wait", "--for=condition=Ready", "widget/w1", "-n", ns, "--timeout=60s");
        await Eventually.UntilAsync(() => _server.Requests.Count(r => r.Verb == "watch" && r.Resource == "widgets.example.com" && r.Namespace == ns) > 0, "kubectl wait opened its watch");
        Assert.False(wait.HasExited);

        // A status written through the main endpoint is ignored (status subresource).
        (await _kubectl.RunAsync("patch", "widget", "w1", "-n", ns, "--type=merge", "-p",
            """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""")).EnsureSuccess();
        var afterMain = (await _kubectl.RunAsync("get", "widget", "w1", "-n", ns, "-o", "jsonpath={.status}")).EnsureSuccess().Stdout;
        Assert.Equal("", afterMain);

        (await _kubectl.RunAsync("patch", "widget", "w1", "-n", ns, "--subresource=status", "--type=merge", "-p",
            """{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Done","message":"ok","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""")).EnsureSuccess();

        Assert.Equal(0, await wait.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("condition met", wait.Stdout, StringComparison.Ordinal);
        var generation = (await _kubectl.RunAsync("get", "widget", "w1", "-n", ns, "-o", "jsonpath={.metadata.generation}")).EnsureSuccess().Stdout;
        Assert.Equal("1", generation);
    }

    [Fact]
    public async Task Patch_merge_then_replace_with_stale_object_conflicts()
    {
        var ns = await NamespaceWithCrdAsync("replacing");
        await ApplyWidgetAsync(ns, "w1", 2);
        (await _kubectl.RunAsync("patch", "widget", "w1", "-n", ns, "--type=merge", "-p", """{"spec":{"size":5}}""")).EnsureSuccess();
        var current = (await _kubectl.RunAsync("get", "widget", "w1", "-n", ns, "-o", "yaml")).EnsureSuccess().Stdout;
        Assert.Contains("size: 5", current, StringComparison.Ordinal);
        Assert.Contains("generation: 2", current, StringComparison.Ordinal);

        var file = _kubectl.WriteFile("replace.yaml", current.Replace("size: 5", "size: 7", StringComparison.Ordinal));
        (await _kubectl.RunAsync("replace", "-f", file)).EnsureSuccess();
        Assert.Equal("7", (await _kubectl.RunAsync("get", "widget", "w1", "-n", ns, "-o", "jsonpath={.spec.size}")).EnsureSuccess().Stdout);

        var stale = await _kubectl.RunAsync("replace", "-f", file);
        Assert.NotEqual(0, stale.ExitCode);
        Assert.Contains("Operation cannot be fulfilled on widgets.example.com \"w1\": the object has been modified", stale.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_blocks_on_a_finalizer_until_it_is_removed()
    {
        var ns = await NamespaceWithCrdAsync("finalizing");
        await ApplyWidgetAsync(ns, "w1", 2);
        (await _kubectl.RunAsync("patch", "widget", "w1", "-n", ns, "--type=merge", "-p", """{"metadata":{"finalizers":["example.com/hold"]}}""")).EnsureSuccess();

        using var delete = _kubectl.Start("delete", "widget", "w1", "-n", ns, "--timeout=60s");
        await Eventually.UntilAsync(() => _server.Requests.Count(r => r.Verb == "watch" && r.Resource == "widgets.example.com" && r.Namespace == ns) > 0, "kubectl delete waits with a watch");
        var marked = (await _kubectl.RunAsync("get", "widget", "w1", "-n", ns, "-o", "jsonpath={.metadata.deletionTimestamp}")).EnsureSuccess().Stdout;
        Assert.NotEqual("", marked);
        Assert.False(delete.HasExited);

        (await _kubectl.RunAsync("patch", "widget", "w1", "-n", ns, "--type=json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""")).EnsureSuccess();

        Assert.Equal(0, await delete.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var gone = await _kubectl.RunAsync("get", "widget", "w1", "-n", ns);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("widgets.example.com \"w1\" not found", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_can_i_for_a_service_account_follows_its_binding()
    {
        (await _kubectl.RunAsync("create", "namespace", "cani")).EnsureSuccess();
        (await _kubectl.RunAsync("create", "serviceaccount", "reader", "-n", "cani")).EnsureSuccess();
        var token = _server.AddServiceAccountToken("cani", "reader");
        using var asReader = new Kubectl(_server, token);

        var before = await asReader.RunAsync("auth", "can-i", "list", "pods", "-n", "cani");
        Assert.Equal(1, before.ExitCode);
        Assert.Equal("no", before.Stdout.Trim());
        var impersonated = await _kubectl.RunAsync("auth", "can-i", "list", "pods", "-n", "cani", "--as=system:serviceaccount:cani:reader");
        Assert.Equal("no", impersonated.Stdout.Trim());

        (await _kubectl.RunAsync("create", "rolebinding", "reader-view", "-n", "cani", "--clusterrole=view", "--serviceaccount=cani:reader")).EnsureSuccess();

        var after = await asReader.RunAsync("auth", "can-i", "list", "pods", "-n", "cani");
        Assert.Equal(0, after.ExitCode);
        Assert.Equal("yes", after.Stdout.Trim());
        Assert.Equal("no", (await asReader.RunAsync("auth", "can-i", "list", "pods", "-n", "default")).Stdout.Trim());
        Assert.Equal("no", (await asReader.RunAsync("auth", "can-i", "delete", "pods", "-n", "cani")).Stdout.Trim());
        Assert.Equal("yes", (await _kubectl.RunAsync("auth", "can-i", "list", "pods", "-n", "cani", "--as=system:serviceaccount:cani:reader")).Stdout.Trim());

        var forbidden = await asReader.RunAsync("get", "secrets", "-n", "cani");
        Assert.Contains("secrets is forbidden: User \"system:serviceaccount:cani:reader\" cannot list resource \"secrets\" in API group \"\" in the namespace \"cani\"", forbidden.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_of_an_invalid_custom_resource_is_rejected_naming_the_field()
    {
        var ns = await NamespaceWithCrdAsync("invalid");

        var unknown = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("unknown.yaml", Manifests.Widget(ns, "w1", 3, "  colour: green")));
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.colour\"", unknown.Stderr, StringComparison.Ordinal);

        var outOfRange = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("range.yaml", Manifests.Widget(ns, "w2", 30)));
        Assert.NotEqual(0, outOfRange.ExitCode);
        Assert.Contains("spec.size: Invalid value: 30: spec.size in body should be less than or equal to 10", outOfRange.Stderr, StringComparison.Ordinal);

        var badEnum = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("enum.yaml", Manifests.Widget(ns, "w3", 3, "  color: green")));
        Assert.Contains("spec.color: Unsupported value: \"green\": supported values: \"red\", \"blue\"", badEnum.Stderr, StringComparison.Ordinal);

        var nothingStored = await _kubectl.RunAsync("get", "widgets", "-n", ns, "-o", "name");
        Assert.Equal("", nothingStored.Stdout.Trim());
    }

    [Fact]
    public async Task Builtin_deployment_apply_uses_strategic_merge_and_moves_generation_on_spec_changes_only()
    {
        (await _kubectl.RunAsync("create", "namespace", "deploys")).EnsureSuccess();
        var manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: deploys
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    env:
                    - {name: A, value: "1"}
                  - name: side
                    image: busybox:1.36
            """;
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("dep.yaml", manifest))).EnsureSuccess();
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("dep.yaml", manifest.Replace("value: \"1\"", "value: \"2\"", StringComparison.Ordinal)))).EnsureSuccess();
        (await _kubectl.RunAsync("patch", "deployment", "web", "-n", "deploys", "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox:1.37"}]}}}}""")).EnsureSuccess();
        (await _kubectl.RunAsync("label", "deployment", "web", "-n", "deploys", "team=a")).EnsureSuccess();

        var json = JsonNode.Parse((await _kubectl.RunAsync("get", "deployment", "web", "-n", "deploys", "-o", "json")).EnsureSuccess().Stdout)!;
        var containers = json["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["nginx:1.27", "busybox:1.37"], containers.Select(c => c!["image"]!.GetValue<string>()));
        Assert.Equal("2", containers[0]!["env"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(3, json["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("a", json["metadata"]!["labels"]!["team"]!.GetValue<string>());

        var table = (await _kubectl.RunAsync("get", "deploy", "-n", "deploys")).EnsureSuccess().Stdout;
        Assert.Matches(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE", table);
    }
}
