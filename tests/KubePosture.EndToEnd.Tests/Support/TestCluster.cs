using k8s;
using k8s.Models;
using KubePosture.Api;
using KubePosture.KubeEmulator;
using KubePosture.Operator.Kube;
using KubePosture.Runtime.Client;

namespace KubePosture.EndToEnd.Tests.Support;

/// <summary>
/// The Kubernetes emulator seeded with the CRDs from crds/ and a small cluster with known risks: a privileged pod in
/// team-a, a clean pod in team-b, cluster-admin bound to user alice. Helpers read and write PostureScans as an
/// independent admin client (not the operator's).
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public const string ControlNamespace = "kubeposture";

    public const string Fixture = """
        apiVersion: v1
        kind: Namespace
        metadata: { name: kubeposture }
        ---
        apiVersion: v1
        kind: Namespace
        metadata: { name: team-a, labels: { team: a } }
        ---
        apiVersion: v1
        kind: Namespace
        metadata: { name: team-b, labels: { team: b } }
        ---
        apiVersion: v1
        kind: Pod
        metadata: { name: privileged, namespace: team-a }
        spec:
          containers:
            - name: main
              image: registry.example.com/tools/debug:1.0
              securityContext: { privileged: true }
        ---
        apiVersion: v1
        kind: Pod
        metadata: { name: web, namespace: team-b }
        spec:
          securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
          containers:
            - name: main
              image: registry.example.com/web/site:2.3
              securityContext:
                allowPrivilegeEscalation: false
                readOnlyRootFilesystem: true
                capabilities: { drop: [ALL] }
        ---
        apiVersion: v1
        kind: Pod
        metadata: { name: sidecar-privileged, namespace: team-b }
        spec:
          containers:
            - name: main
              image: registry.example.com/tools/debug:1.0
              securityContext: { privileged: true }
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: { name: alice-admin }
        roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
        subjects:
          - { apiGroup: rbac.authorization.k8s.io, kind: User, name: alice }
        """;

    /// <summary>User the in-process operator authenticates as (system:masters), so the request log tells its requests apart.</summary>
    public const string OperatorUser = "kubeposture-operator";

    private TestCluster(KubeEmulatorServer server)
    {
        Server = server;
        OperatorToken = server.AddUserToken(OperatorUser, "system:masters");
        Admin = server.CreateClient();
        Api = new KubeApiClient(Admin);
    }

    public KubeEmulatorServer Server { get; }

    public Kubernetes Admin { get; }

    public KubeApiClient Api { get; }

    public string OperatorToken { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<TestCluster> StartAsync(string? extraYaml = null, KubeEmulatorOptions? options = null)
    {
        var server = await KubeEmulatorServer.StartAsync(options ?? new KubeEmulatorOptions(), Ct);
        server.SeedPath(Path.Combine(RepositoryRoot.Path, "crds"));
        server.Seed(Fixture);
        if (extraYaml is not null)
            server.Seed(extraYaml);
        return new TestCluster(server);
    }

    public static PostureScan NewScan(string @namespace, string name, Action<PostureScanSpec>? spec = null)
    {
        var scan = new PostureScan { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace } };
        spec?.Invoke(scan.Spec);
        return scan;
    }

    public Task<PostureScan> CreateAsync(PostureScan scan) => Api.CreateAsync(ApiResources.PostureScans, scan, Ct);

    public Task<PostureException> CreateAsync(PostureException exception) => Api.CreateAsync(ApiResources.PostureExceptions, exception, Ct);

    /// <summary>Creates a PostureScan from raw JSON, so tests can send what typed code would not (unknown values).</summary>
    public Task<PostureScan> CreateRawAsync(string json) =>
        Api.CreateAsync(ApiResources.PostureScans, KubernetesJson.Deserialize<PostureScan>(json), Ct);

    /// <summary>Creates a PostureException in team-a from a raw JSON spec.</summary>
    public Task<PostureException> CreateRawExceptionAsync(string specJson) =>
        Api.CreateAsync(ApiResources.PostureExceptions, KubernetesJson.Deserialize<PostureException>(
            $$"""{"apiVersion":"kubeposture.io/v1alpha1","kind":"PostureException","metadata":{"name":"raw","namespace":"team-a"},"spec":{{specJson}}}"""), Ct);

    public Task<PostureScan?> GetAsync(string @namespace, string name) =>
        Api.GetAsync<PostureScan>(ApiResources.PostureScans, @namespace, name, Ct);

    public Task<PostureScan> PatchAsync(string @namespace, string name, string mergePatch) =>
        Api.MergePatchAsync<PostureScan>(ApiResources.PostureScans, @namespace, name, mergePatch, Ct);

    public Task<bool> DeleteAsync(string @namespace, string name) =>
        Api.DeleteAsync(ApiResources.PostureScans, @namespace, name, Ct);

    /// <summary>Waits until the scan satisfies <paramref name="done"/>; returns it.</summary>
    public async Task<PostureScan> WaitForAsync(string @namespace, string name, Func<PostureScan, bool> done, string what, TimeSpan? timeout = null) =>
        (await Eventually.Until(() => GetAsync(@namespace, name), s => s is not null && done(s), $"PostureScan {@namespace}/{name}: {what}", timeout))!;

    /// <summary>Waits until Ready reflects the scan's current generation with the given reason.</summary>
    public Task<PostureScan> WaitForReadyAsync(string @namespace, string name, string reason = ConditionReasons.ScanCompleted, TimeSpan? timeout = null) =>
        WaitForAsync(@namespace, name, s =>
            Condition(s, ConditionTypes.Ready) is { } ready && ready.Reason == reason
            && ready.ObservedGeneration == s.Metadata.Generation && s.Status!.ObservedGeneration == s.Metadata.Generation
            && Condition(s, ConditionTypes.Scanning)?.Status == "False",
            $"Ready with reason {reason} for its current generation", timeout);

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string @namespace, string name)
    {
        var list = await Admin.CoreV1.ListNamespacedEventAsync(@namespace, fieldSelector: $"involvedObject.name={name}", cancellationToken: Ct);
        return [.. list.Items.Where(e => e.InvolvedObject.Kind == ApiConstants.PostureScanKind).OrderBy(e => long.Parse(e.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture))];
    }

    public static V1Condition? Condition(PostureScan scan, string type) =>
        scan.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Requests to the PostureScan /status subresource that changed something (PUT or PATCH answered 2xx).</summary>
    public int StatusWrites(string @namespace, string name, string? user = null) =>
        Server.Requests.Count(r => r.Resource == "posturescans.kubeposture.io" && r.Subresource == "status" && r.Namespace == @namespace && r.Name == name
            && r.Verb is "update" or "patch" && r.Code is >= 200 and < 300 && (user is null || r.User == user));

    public ValueTask DisposeAsync()
    {
        Admin.Dispose();
        return Server.DisposeAsync();
    }
}
