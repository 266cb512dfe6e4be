using System.Diagnostics;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubePosture.KubeEmulator.Tests.Support;

namespace KubePosture.KubeEmulator.Tests;

/// <summary>Fault injection, the request log, restart, seeding and the synthetic generator.</summary>
public sealed class TestControlTests : IAsyncLifetime
{
    private KubeEmulatorServer _server = null!;
    private RawClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await KubeEmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _admin = new RawClient(_server, _server.AdminToken);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Fail_next_answers_the_chosen_status_for_matching_requests_only_then_recovers()
    {
        _server.Faults.FailNext("list", "pods", 2, 429, retryAfterSeconds: 3);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/pods");
        using var throttled = await _admin.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(429, (int)throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(200, (await _admin.GetAsync("/api/v1/namespaces/default/configmaps")).Code);
        Assert.Equal(429, (await _admin.GetAsync("/api/v1/pods")).Code);
        Assert.Equal(200, (await _admin.GetAsync("/api/v1/pods")).Code);

        _server.Faults.FailNext("*", "deployments.apps", 1, 504);
        var (code, body) = await _admin.GetAsync("/apis/apps/v1/deployments");
        Assert.Equal(504, code);
        Assert.Equal("Timeout", body!["reason"]!.GetValue<string>());
        _server.Faults.FailNext("create", "configmaps", 1, 500);
        Assert.Equal(500, (await _admin.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"x"}}""")).Code);
        Assert.Equal(201, (await _admin.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"x"}}""")).Code);
    }

    [Fact]
    public async Task The_request_log_records_user_verb_resource_and_code()
    {
        _server.Requests.Clear();
        using var sa = new RawClient(_server, _server.AddServiceAccountToken("default", "scanner"));
        await sa.GetAsync("/api/v1/namespaces/default/pods");
        await _admin.GetAsync("/apis/apps/v1/namespaces/default/deployments?limit=10");
        await _admin.GetAsync("/api/v1/namespaces/default/configmaps/missing");

        var entries = _server.Requests.Entries;
        Assert.Contains(entries, e => e is { User: "system:serviceaccount:default:scanner", Verb: "list", Resource: "pods", Namespace: "default", Code: 403 });
        Assert.Contains(entries, e => e is { User: "admin", Verb: "list", Resource: "deployments.apps", Code: 200 });
        Assert.Contains(entries, e => e is { Verb: "get", Resource: "configmaps", Name: "missing", Code: 404 });
        Assert.Equal(1, _server.Requests.Count(e => e.Code == 403));
    }

    [Fact]
    public async Task Latency_is_added_to_every_request()
    {
        _server.Faults.Latency = TimeSpan.FromMilliseconds(300);
        var watch = Stopwatch.StartNew();
        Assert.Equal(200, (await _admin.GetAsync("/version")).Code);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"the request took {watch.Elapsed}");
        _server.Faults.Reset();
    }

    [Fact]
    public async Task Dropping_watches_and_restarting_end_streams_but_keep_state()
    {
        Assert.Equal(201, (await _admin.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"kept"}}""")).Code);
        await using (var watch = await WatchStream.OpenAsync(_admin, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + _server.ResourceVersion))
        {
            await Eventually.UntilAsync(() => _server.OpenWatches == 1, "the watch is registered");
            Assert.Equal(1, _server.Faults.DropAllWatches());
            await watch.RemainingAfterEndAsync();
        }
        await Eventually.UntilAsync(() => _server.OpenWatches == 0, "the dropped watch is unregistered");

        var port = _server.Port;
        var rvBefore = _server.ResourceVersion;
        await using (var watch = await WatchStream.OpenAsync(_admin, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + rvBefore))
        {
            await Eventually.UntilAsync(() => _server.OpenWatches == 1, "the watch is registered");
            await _server.RestartAsync(TestContext.Current.CancellationToken);
            await watch.RemainingAfterEndAsync();
        }
        Assert.Equal(port, _server.Port);
        using var client = _server.CreateClient();
        var kept = await client.CoreV1.ReadNamespacedConfigMapAsync("kept", "default", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("kept", kept.Metadata.Name);
        Assert.Equal(rvBefore, _server.ResourceVersion);
    }

    [Fact]
    public async Task Seeding_reads_multi_document_yaml_lists_and_kubectl_dumps_keeping_status_and_uids()
    {
        var dump = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: seeded, uid: 11111111-1111-1111-1111-111111111111}
            - apiVersion: apps/v1
              kind: ReplicaSet
              metadata: {name: rs, namespace: seeded, uid: 22222222-2222-2222-2222-222222222222, resourceVersion: "999"}
              spec:
                selector: {matchLabels: {app: a}}
                template:
                  metadata: {labels: {app: a}}
                  spec: {containers: [{name: c, image: "nginx:1"}]}
            - apiVersion: v1
              kind: Pod
              metadata:
                name: p
                namespace: seeded
                ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: 22222222-2222-2222-2222-222222222222}]
              spec:
                hostNetwork: yes
                containers: [{name: c, image: "nginx:1"}]
              status:
                phase: Running
                containerStatuses: [{name: c, imageID: "docker.io/library/nginx@sha256:abc", ready: true, restartCount: 0, image: "nginx:1"}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: auto-ns, namespace: created-on-the-fly}
            data: {port: "8080"}
            """;
        Assert.Equal(4, _server.Seed(dump));
        using var client = _server.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var pod = await client.CoreV1.ReadNamespacedPodAsync("p", "seeded", cancellationToken: ct);
        Assert.Equal("Running", pod.Status.Phase);
        Assert.Equal("docker.io/library/nginx@sha256:abc", pod.Status.ContainerStatuses[0].ImageID);
        Assert.True(pod.Spec.HostNetwork);
        var rs = await client.AppsV1.ReadNamespacedReplicaSetAsync("rs", "seeded", cancellationToken: ct);
        Assert.Equal("22222222-2222-2222-2222-222222222222", rs.Metadata.Uid);
        Assert.Equal("8080", (await client.CoreV1.ReadNamespacedConfigMapAsync("auto-ns", "created-on-the-fly", cancellationToken: ct)).Data["port"]);

        // Garbage collection works on seeded owner references.
        await client.AppsV1.DeleteNamespacedReplicaSetAsync("rs", "seeded", cancellationToken: ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedPodAsync("p", "seeded", cancellationToken: ct));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Response.StatusCode);

        var dir = Directory.CreateTempSubdirectory("seed-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: from-file, namespace: seeded}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "b.json"), """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"from-json","namespace":"seeded"},"type":"Opaque"}""");
            File.WriteAllText(Path.Combine(dir.FullName, "c.yaml"), "apiVersion: example.com/v9\nkind: Unknown\nmetadata: {name: u}\n");
            var error = Assert.Throws<InvalidOperationException>(() => _server.SeedPath(dir.FullName));
            Assert.Contains("c.yaml document 0: no resource serves apiVersion \"example.com/v9\" kind \"Unknown\"", error.Message, StringComparison.Ordinal);
            await client.CoreV1.ReadNamespacedServiceAccountAsync("from-file", "seeded", cancellationToken: ct);
            await client.CoreV1.ReadNamespacedSecretAsync("from-json", "seeded", cancellationToken: ct);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_synthetic_cluster_is_deterministic_and_consistent()
    {
        var options = new SyntheticClusterOptions { Namespaces = 3, Nodes = 4, DeploymentsPerNamespace = 4, ReplicasPerDeployment = 2 };
        Assert.Equal(SyntheticCluster.GenerateYaml(options), SyntheticCluster.GenerateYaml(options));
        Assert.NotEqual(SyntheticCluster.GenerateYaml(options), SyntheticCluster.GenerateYaml(new SyntheticClusterOptions { Namespaces = 3, Nodes = 4, DeploymentsPerNamespace = 4, ReplicasPerDeployment = 2, Seed = 7 }));

        SyntheticCluster.SeedInto(_server, options);
        using var client = _server.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var pods = await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: "app", cancellationToken: ct);
        Assert.Equal(options.TotalPods, pods.Items.Count);
        Assert.All(pods.Items, p =>
        {
            Assert.Equal("Running", p.Status.Phase);
            Assert.Contains("@sha256:", p.Status.ContainerStatuses[0].ImageID, StringComparison.Ordinal);
            Assert.Equal("ReplicaSet", p.Metadata.OwnerReferences[0].Kind);
        });
        var replicaSets = await client.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: ct);
        var rsUids = replicaSets.Items.Select(r => r.Metadata.Uid).ToHashSet();
        Assert.All(pods.Items, p => Assert.Contains(p.Metadata.OwnerReferences[0].Uid, rsUids));
        Assert.Equal(4, (await client.CoreV1.ListNodeAsync(cancellationToken: ct)).Items.Count);
        Assert.NotNull(await client.CoreV1.ReadNamespacedConfigMapAsync("aws-auth", "kube-system", cancellationToken: ct));
        Assert.NotEmpty((await client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(cancellationToken: ct)).Items);
        Assert.Equal(options.TotalPods, SyntheticCluster.Generate(options).Count(o => o["kind"]!.GetValue<string>() == "Pod"));
    }
}
