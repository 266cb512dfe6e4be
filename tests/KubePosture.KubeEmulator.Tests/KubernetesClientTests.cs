using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubePosture.KubeEmulator.Tests.Support;

namespace KubePosture.KubeEmulator.Tests;

/// <summary>The operator's client library against the emulator: typed list, watch, patch, status, conflicts, 410 + relist.</summary>
public sealed class KubernetesClientTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly KubeEmulatorServer _server;
    private readonly Kubernetes _client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public KubernetesClientTests(EmulatorFixture fixture)
    {
        _server = fixture.Server;
        _client = _server.CreateClient();
    }

    public void Dispose() => _client.Dispose();

    private async Task<string> NamespaceAsync(string name)
    {
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: _ct);
        return name;
    }

    private static V1ConfigMap ConfigMap(string ns, string name, Dictionary<string, string>? labels = null, string value = "v") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
        Data = new Dictionary<string, string> { ["key"] = value },
    };

    private static V1Pod Pod(string ns, string name, string node = "node-a") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = "x" } },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "main", Image = "nginx:1.27" }] },
    };

    [Fact]
    public async Task Typed_list_filters_by_label_and_field_selectors_and_paginates_a_consistent_snapshot()
    {
        var ns = await NamespaceAsync("client-list");
        for (var i = 0; i < 7; i++)
        {
            await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ns, $"cm-{i}", new Dictionary<string, string> { ["parity"] = i % 2 == 0 ? "even" : "odd", ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }), ns, cancellationToken: _ct);
        }

        var even = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "parity=even", cancellationToken: _ct);
        Assert.Equal(["cm-0", "cm-2", "cm-4", "cm-6"], even.Items.Select(c => c.Metadata.Name));
        var set = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "i in (1,5),parity!=even", cancellationToken: _ct);
        Assert.Equal(["cm-1", "cm-5"], set.Items.Select(c => c.Metadata.Name));
        var missing = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "!parity", cancellationToken: _ct);
        Assert.Equal(["kube-root-ca.crt"], missing.Items.Select(c => c.Metadata.Name).Where(n => n == "kube-root-ca.crt"));
        var byName = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=cm-3", cancellationToken: _ct);
        Assert.Equal(["cm-3"], byName.Items.Select(c => c.Metadata.Name));

        var first = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 3, labelSelector: "parity", cancellationToken: _ct);
        Assert.Equal(3, first.Items.Count);
        Assert.False(string.IsNullOrEmpty(first.Metadata.ContinueProperty));
        // Changes after the first page do not show up in later pages of the same list.
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ns, "cm-9", new Dictionary<string, string> { ["parity"] = "odd" }), ns, cancellationToken: _ct);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("cm-5", ns, cancellationToken: _ct);
        var names = first.Items.Select(c => c.Metadata.Name).ToList();
        var token = first.Metadata.ContinueProperty;
        while (!string.IsNullOrEmpty(token))
        {
            var page = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 3, labelSelector: "parity", continueParameter: token, cancellationToken: _ct);
            Assert.Equal(first.Metadata.ResourceVersion, page.Metadata.ResourceVersion);
            names.AddRange(page.Items.Select(c => c.Metadata.Name));
            token = page.Metadata.ContinueProperty;
        }
        Assert.Equal(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6"], names);

        var pods = await _client.CoreV1.CreateNamespacedPodAsync(Pod(ns, "p1", "node-b"), ns, cancellationToken: _ct);
        Assert.Equal("Pending", pods.Status.Phase);
        var onNode = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=node-b,status.phase=Pending", cancellationToken: _ct);
        Assert.Equal(["p1"], onNode.Items.Select(p => p.Metadata.Name));
        var bad = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNamespacedPodAsync(ns, fieldSelector: "spec.image=x", cancellationToken: _ct));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Response.StatusCode);
        Assert.Contains("field label not supported: spec.image", bad.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_delivers_added_modified_deleted_in_resource_version_order()
    {
        var ns = await NamespaceAsync("client-watch");
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ns, "a"), ns, cancellationToken: _ct);
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: _ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        var events = new List<(WatchEventType Type, string Name, string Rv)>();
        var watch = Task.Run(async () =>
        {
            await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                events.Add((type, item.Metadata.Name, item.Metadata.ResourceVersion));
                if (type == WatchEventType.Deleted) return;
            }
        }, cts.Token);
        await Eventually.UntilAsync(() => _server.OpenWatches > 0, "the watch is open");

        var b = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ns, "b"), ns, cancellationToken: _ct);
        created.Data["key"] = "changed";
        var modified = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", ns, cancellationToken: _ct);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("b", ns, cancellationToken: _ct);
        await watch;

        Assert.Equal([(WatchEventType.Added, "b"), (WatchEventType.Modified, "a"), (WatchEventType.Deleted, "b")], events.Select(e => (e.Type, e.Name)));
        Assert.Equal(b.Metadata.ResourceVersion, events[0].Rv);
        Assert.Equal(modified.Metadata.ResourceVersion, events[1].Rv);
        var rvs = events.Select(e => long.Parse(e.Rv, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(rvs.Order(), rvs);
    }

    [Fact]
    public async Task Patches_merge_json_and_strategic_and_no_op_updates_keep_the_resource_version()
    {
        var ns = await NamespaceAsync("client-patch");
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = ns },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container { Name = "a", Image = "nginx:1", Env = [new V1EnvVar { Name = "X", Value = "1" }, new V1EnvVar { Name = "Y", Value = "1" }] },
                    new V1Container { Name = "b", Image = "busybox:1" },
                ],
            },
        }, ns, cancellationToken: _ct);

        var smp = """{"metadata":{"labels":{"l":"1"}},"spec":{"containers":[{"name":"b","image":"busybox:2"},{"name":"a","env":[{"name":"Y","value":"2"}]}]}}""";
        var patched = await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch(smp, V1Patch.PatchType.StrategicMergePatch), "p", ns, cancellationToken: _ct);
        Assert.Equal(["nginx:1", "busybox:2"], patched.Spec.Containers.Select(c => c.Image));
        Assert.Equal([("X", "1"), ("Y", "2")], patched.Spec.Containers[0].Env.Select(e => (e.Name, e.Value)));

        var merged = await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"l":null,"m":"2"}}}""", V1Patch.PatchType.MergePatch), "p", ns, cancellationToken: _ct);
        Assert.Equal(new Dictionary<string, string> { ["m"] = "2" }, merged.Metadata.Labels);

        var json = await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""[{"op":"add","path":"/metadata/annotations","value":{"a":"b"}},{"op":"test","path":"/metadata/labels/m","value":"2"}]""", V1Patch.PatchType.JsonPatch), "p", ns, cancellationToken: _ct);
        Assert.Equal("b", json.Metadata.Annotations["a"]);

        var same = await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"m":"2"}}}""", V1Patch.PatchType.MergePatch), "p", ns, cancellationToken: _ct);
        Assert.Equal(json.Metadata.ResourceVersion, same.Metadata.ResourceVersion);

        var failedTest = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("""[{"op":"test","path":"/metadata/labels/m","value":"3"}]""", V1Patch.PatchType.JsonPatch), "p", ns, cancellationToken: _ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failedTest.Response.StatusCode);
        Assert.NotEqual(pod.Metadata.ResourceVersion, json.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Status_update_goes_through_the_status_subresource_only()
    {
        var ns = await NamespaceAsync("client-status");
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(Pod(ns, "p"), ns, cancellationToken: _ct);

        pod.Status = new V1PodStatus { Phase = "Running", PodIP = "10.0.0.5" };
        pod.Metadata.Labels["changed"] = "by-status";
        var updated = await _client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "p", ns, cancellationToken: _ct);
        Assert.Equal("Running", updated.Status.Phase);
        Assert.False(updated.Metadata.Labels.ContainsKey("changed"));

        updated.Status.Phase = "Failed";
        updated.Metadata.Labels["changed"] = "by-main";
        var main = await _client.CoreV1.ReplaceNamespacedPodAsync(updated, "p", ns, cancellationToken: _ct);
        Assert.Equal("Running", main.Status.Phase);
        Assert.Equal("by-main", main.Metadata.Labels["changed"]);

        // Deployments: generation moves on spec changes, not on status or metadata changes.
        var deployment = await _client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "d", NamespaceProperty = ns },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "d" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "d" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx:1" }] },
                },
            },
        }, ns, cancellationToken: _ct);
        Assert.Equal(1, deployment.Metadata.Generation);
        deployment.Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 1 };
        deployment = await _client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(deployment, "d", ns, cancellationToken: _ct);
        Assert.Equal(1, deployment.Metadata.Generation);
        deployment.Spec.Replicas = 3;
        deployment = await _client.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, "d", ns, cancellationToken: _ct);
        Assert.Equal(2, deployment.Metadata.Generation);
        Assert.Equal(1, deployment.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Update_with_a_stale_resource_version_is_a_409_conflict_and_create_of_an_existing_name_409_already_exists()
    {
        var ns = await NamespaceAsync("client-conflict");
        var cm = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ns, "c"), ns, cancellationToken: _ct);
        var stale = JsonSerializer.Deserialize<V1ConfigMap>(JsonSerializer.Serialize(cm))!;
        cm.Data["key"] = "first";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "c", ns, cancellationToken: _ct);

        stale.Data["key"] = "second";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(stale, "c", ns, cancellationToken: _ct));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = JsonSerializer.Deserialize<V1Status>(conflict.Response.Content)!;
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Operation cannot be fulfilled on configmaps \"c\": the object has been modified; please apply your changes to the latest version and try again", status.Message);

        var exists = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ns, "c"), ns, cancellationToken: _ct));
        Assert.Equal(HttpStatusCode.Conflict, exists.Response.StatusCode);
        Assert.Equal("AlreadyExists", JsonSerializer.Deserialize<V1Status>(exists.Response.Content)!.Reason);

        var notFound = await Assert.ThrowsAsync<HttpOperationException>(() => _client.AppsV1.ReadNamespacedDeploymentAsync("none", ns, cancellationToken: _ct));
        Assert.Equal("deployments.apps \"none\" not found", JsonSerializer.Deserialize<V1Status>(notFound.Response.Content)!.Message);

        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "Bad_Name" },
            Spec = new V1PodSpec { Containers = [] },
        }, ns, cancellationToken: _ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
        var invalidStatus = JsonSerializer.Deserialize<V1Status>(invalid.Response.Content)!;
        Assert.Equal("Invalid", invalidStatus.Reason);
        Assert.Equal(["metadata.name", "spec.containers"], invalidStatus.Details.Causes.Select(c => c.Field));
        Assert.StartsWith("Pod \"Bad_Name\" is invalid: [metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", invalidStatus.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_resumed_from_a_compacted_resource_version_gets_410_gone_then_relist_and_resume_works()
    {
        var ns = await NamespaceAsync("client-gone");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ns, "a"), ns, cancellationToken: _ct);
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: _ct);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ns, "b"), ns, cancellationToken: _ct);
        _server.Faults.CompactHistory();

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<KubernetesException>(async () =>
        {
            await foreach (var _ in _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: list.Metadata.ResourceVersion, onError: e => throw e, cancellationToken: cts.Token))
            {
            }
        });
        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
        Assert.StartsWith("too old resource version: ", error.Status.Message, StringComparison.Ordinal);

        var relist = await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: _ct);
        Assert.Equal(["a", "b"], relist.Items.Select(c => c.Metadata.Name).Where(n => n != "kube-root-ca.crt"));
        var resumed = new List<string>();
        var watch = Task.Run(async () =>
        {
            await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: relist.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                resumed.Add($"{type} {item.Metadata.Name}");
                return;
            }
        }, cts.Token);
        await Eventually.UntilAsync(() => _server.OpenWatches > 0, "the resumed watch is open");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(ns, "c"), ns, cancellationToken: _ct);
        await watch;
        Assert.Equal(["Added c"], resumed);
    }
}
