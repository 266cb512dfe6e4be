using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Tests.Support;

namespace KubePosture.KubeEmulator.Tests;

/// <summary>
/// Every `kubectl create` generator against the emulator: kubectl's typed clients send the object as protobuf
/// (application/vnd.kubernetes.protobuf), the emulator decodes it from the vendored k8s.io/api schema, and
/// `kubectl get -o json` shows the fields the generator set (and the server's defaults) survived.
/// </summary>
public sealed class KubectlCreateTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly KubeEmulatorServer _server;
    private readonly Kubectl _kubectl;

    public KubectlCreateTests(EmulatorFixture fixture)
    {
        _server = fixture.Server;
        _kubectl = new Kubectl(_server);
    }

    public void Dispose() => _kubectl.Dispose();

    /// <summary>A generator: its `kubectl create` arguments, the object to read back, and path = JSON value checks.</summary>
    private sealed record Generator(string Resource, string[] Create, string Get, params (string Path, string Json)[] Checks);

    private static readonly Dictionary<string, Generator> Generators = new()
    {
        ["deployment"] = new("deployments.apps", ["deployment", "web", "--image=nginx:1.27", "--replicas=0", "--port=8080"], "deployment/web",
            ("spec.replicas", "0"), ("spec.selector.matchLabels", """{"app":"web"}"""), ("spec.template.metadata.labels.app", "\"web\""),
            ("spec.template.spec.containers.0.image", "\"nginx:1.27\""), ("spec.template.spec.containers.0.ports.0.containerPort", "8080"),
            ("spec.strategy.type", "\"RollingUpdate\"")),
        ["job"] = new("jobs.batch", ["job", "pi", "--image=perl:5.34", "--", "perl", "-Mbignum=bpi", "-wle", "print bpi(20)"], "job/pi",
            ("spec.template.spec.containers.0.command", """["perl","-Mbignum=bpi","-wle","print bpi(20)"]"""),
            ("spec.template.spec.restartPolicy", "\"Never\"")),
        ["cronjob"] = new("cronjobs.batch", ["cronjob", "tick", "--image=busybox:1.36", "--schedule=*/5 * * * *", "--restart=OnFailure", "--", "date"], "cronjob/tick",
            ("spec.schedule", "\"*/5 * * * *\""), ("spec.jobTemplate.spec.template.spec.containers.0.command", """["date"]"""),
            ("spec.jobTemplate.spec.template.spec.restartPolicy", "\"OnFailure\"")),
        ["service"] = new("services", ["service", "nodeport", "web", "--tcp=80:8080", "--node-port=30080"], "service/web",
            ("spec.type", "\"NodePort\""), ("spec.selector", """{"app":"web"}"""),
            ("spec.ports.0", """{"name":"80-8080","port":80,"targetPort":8080,"nodePort":30080,"protocol":"TCP"}""")),
        ["configmap"] = new("configmaps", ["configmap", "settings", "--from-literal=a=1", "--from-literal=greeting=hello world"], "configmap/settings",
            ("data", """{"a":"1","greeting":"hello world"}""")),
        ["secret"] = new("secrets", ["secret", "generic", "creds", "--from-literal=password=s3cr3t", "--type=Opaque"], "secret/creds",
            ("data.password", "\"czNjcjN0\""), ("type", "\"Opaque\"")),
        ["serviceaccount"] = new("serviceaccounts", ["serviceaccount", "builder"], "serviceaccount/builder",
            ("metadata.name", "\"builder\"")),
        ["role"] = new("roles.rbac.authorization.k8s.io", ["role", "pod-reader", "--verb=get,list", "--resource=pods", "--resource-name=a"], "role/pod-reader",
            ("rules", """[{"apiGroups":[""],"resources":["pods"],"resourceNames":["a"],"verbs":["get","list"]}]""")),
        ["rolebinding"] = new("rolebindings.rbac.authorization.k8s.io", ["rolebinding", "read-pods", "--role=pod-reader", "--user=alice", "--serviceaccount=rolebinding:builder"], "rolebinding/read-pods",
            ("roleRef", """{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-reader"}"""),
            ("subjects", """[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"},{"kind":"ServiceAccount","name":"builder","namespace":"rolebinding"}]""")),
        ["clusterrole"] = new("clusterroles.rbac.authorization.k8s.io", ["clusterrole", "gen-node-reader", "--verb=get,list,watch", "--resource=nodes"], "clusterrole/gen-node-reader",
            ("rules", """[{"apiGroups":[""],"resources":["nodes"],"verbs":["get","list","watch"]}]""")),
        ["clusterrolebinding"] = new("clusterrolebindings.rbac.authorization.k8s.io", ["clusterrolebinding", "gen-auditors", "--clusterrole=view", "--group=auditors"], "clusterrolebinding/gen-auditors",
            ("roleRef", """{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}"""),
            ("subjects", """[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"auditors"}]""")),
        ["namespace"] = new("namespaces", ["namespace", "gen-created"], "namespace/gen-created",
            ("spec.finalizers", """["kubernetes"]"""), ("status.phase", "\"Active\"")),
        ["quota"] = new("resourcequotas", ["quota", "compute", "--hard=cpu=2,memory=4Gi,pods=10", "--scopes=NotTerminating"], "resourcequota/compute",
            ("spec.hard", """{"cpu":"2","memory":"4Gi","pods":"10"}"""), ("spec.scopes", """["NotTerminating"]""")),
        ["priorityclass"] = new("priorityclasses.scheduling.k8s.io", ["priorityclass", "gen-high", "--value=1000", "--description=batch jobs", "--preemption-policy=Never"], "priorityclass/gen-high",
            ("value", "1000"), ("description", "\"batch jobs\""), ("preemptionPolicy", "\"Never\"")),
        ["poddisruptionbudget"] = new("poddisruptionbudgets.policy", ["poddisruptionbudget", "web", "--selector=app=web", "--max-unavailable=25%"], "poddisruptionbudget/web",
            ("spec.maxUnavailable", "\"25%\""), ("spec.selector.matchLabels", """{"app":"web"}""")),
        ["ingress"] = new("ingresses.networking.k8s.io", ["ingress", "shop", "--class=alb", "--rule=shop.example.com/api*=api:8080,tls=shop-tls", "--annotation=team=payments"], "ingress/shop",
            ("spec.ingressClassName", "\"alb\""), ("metadata.annotations.team", "\"payments\""),
            ("spec.rules.0", """{"host":"shop.example.com","http":{"paths":[{"path":"/api","pathType":"Prefix","backend":{"service":{"name":"api","port":{"number":8080}}}}]}}"""),
            ("spec.tls", """[{"hosts":["shop.example.com"],"secretName":"shop-tls"}]""")),
    };

    public static TheoryData<string> GeneratorNames => [.. Generators.Keys];

    [Theory]
    [MemberData(nameof(GeneratorNames))]
    public async Task Kubectl_create_generator_sends_protobuf_and_its_fields_survive(string generator)
    {
        var g = Generators[generator];
        var ns = generator;
        if (generator != "namespace") (await _kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();

        (await _kubectl.RunAsync(["create", "-n", ns, .. g.Create])).EnsureSuccess();

        Assert.Contains(_server.Requests.Entries, r => r.Verb == "create" && r.Resource == g.Resource && r.Code == 201
            && r.ContentType.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.Ordinal));
        var json = JsonNode.Parse((await _kubectl.RunAsync("get", g.Get, "-n", ns, "-o", "json")).EnsureSuccess().Stdout)!;
        foreach (var (path, expected) in g.Checks)
        {
            var actual = At(json, path);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"{generator}: {path} is {actual?.ToJsonString() ?? "missing"}, expected {expected}");
        }
        Assert.False(string.IsNullOrEmpty(json["metadata"]?["uid"]?.GetValue<string>()));
        if (generator is "poddisruptionbudget" or "ingress")
        {
            var table = (await _kubectl.RunAsync("get", g.Get, "-n", ns)).EnsureSuccess().Stdout;
            Assert.Matches(generator == "ingress" ? @"shop\s+alb\s+shop\.example\.com\s+80, 443\s+\d+s" : @"web\s+N/A\s+25%\s+0\s+\d+s", table);
        }
    }

    [Fact]
    public async Task Kubectl_create_f_of_a_subject_access_review_answers_from_rbac()
    {
        // kubectl validates a SubjectAccessReview client-side (its PATCH takes no fieldValidation, it has none), from
        // the OpenAPI v2 document it fetches as protobuf; a CRD puts a schema into that document for kubectl to parse.
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("crd.yaml", Manifests.WidgetCrd))).EnsureSuccess();
        (await _kubectl.RunAsync("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=30s")).EnsureSuccess();
        (await _kubectl.RunAsync("create", "namespace", "review")).EnsureSuccess();
        (await _kubectl.RunAsync("create", "role", "cm-reader", "-n", "review", "--verb=get", "--resource=configmaps")).EnsureSuccess();
        (await _kubectl.RunAsync("create", "rolebinding", "cm-reader", "-n", "review", "--role=cm-reader", "--user=carol")).EnsureSuccess();
        string Review(string verb) => $$"""
            apiVersion: authorization.k8s.io/v1
            kind: SubjectAccessReview
            spec:
              user: carol
              groups: [team-a]
              resourceAttributes: {namespace: review, verb: {{verb}}, resource: configmaps}
            """;

        var allowed = JsonNode.Parse((await _kubectl.RunAsync("create", "-f", _kubectl.WriteFile("get.yaml", Review("get")), "-o", "json")).EnsureSuccess().Stdout)!;
        var denied = JsonNode.Parse((await _kubectl.RunAsync("create", "-f", _kubectl.WriteFile("delete.yaml", Review("delete")), "-o", "json")).EnsureSuccess().Stdout)!;

        Assert.True(allowed["status"]!["allowed"]!.GetValue<bool>());
        Assert.Equal("carol", allowed["spec"]!["user"]!.GetValue<string>());
        Assert.Equal("review", allowed["spec"]!["resourceAttributes"]!["namespace"]!.GetValue<string>());
        Assert.False(denied["status"]?["allowed"]?.GetValue<bool>() ?? false);
        Assert.Contains(_server.Requests.Entries, r => r.Path == "/openapi/v2" && r.Code == 200);

        // The v2 document describes the kind, so kubectl itself refuses a misspelt field before sending anything.
        var typo = await _kubectl.RunAsync("create", "-f", _kubectl.WriteFile("typo.yaml", Review("get").Replace("user: carol", "usr: carol", StringComparison.Ordinal)));
        Assert.NotEqual(0, typo.ExitCode);
        Assert.Contains("unknown field \"usr\"", typo.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deployments.spec.replicas", "<integer>")]
    [InlineData("subjectaccessreviews.spec.resourceAttributes.verb", "<string>")]
    [InlineData("ingresses.spec.rules.http.paths.backend.service.port.number", "<integer>")]
    [InlineData("pods.spec.volumes.emptyDir.sizeLimit", "<Quantity>")]
    [InlineData("persistentvolumes.spec.csi.driver", "<string>")]
    public async Task Kubectl_explain_reads_every_served_kind_from_openapi_v3(string field, string type)
    {
        var result = (await _kubectl.RunAsync("explain", field)).EnsureSuccess().Stdout;

        var leaf = field.Split('.')[^1];
        Assert.Matches($@"FIELD:\s+{leaf}\s+{System.Text.RegularExpressions.Regex.Escape(type)}", result);
    }

    [Fact]
    public async Task Storage_ingress_class_and_limit_range_kinds_are_served_with_the_api_servers_defaults()
    {
        (await _kubectl.RunAsync("create", "namespace", "storage")).EnsureSuccess();
        const string manifest = """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: gp3}
            provisioner: ebs.csi.aws.com
            parameters: {type: gp3, encrypted: "true"}
            ---
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: pv-data}
            spec:
              capacity: {storage: 10Gi}
              accessModes: [ReadWriteOnce]
              storageClassName: gp3
              csi: {driver: ebs.csi.aws.com, volumeHandle: vol-0123456789abcdef0}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, namespace: storage}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: gp3
              resources: {requests: {storage: 10Gi}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: alb}
            spec: {controller: ingress.k8s.aws/alb}
            ---
            apiVersion: v1
            kind: LimitRange
            metadata: {name: defaults, namespace: storage}
            spec:
              limits: [{type: Container, default: {cpu: 500m}}]
            """;
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("storage.yaml", manifest))).EnsureSuccess();

        var sc = JsonNode.Parse((await _kubectl.RunAsync("get", "sc", "gp3", "-o", "json")).EnsureSuccess().Stdout)!;
        Assert.Equal(("Delete", "Immediate", "true"), (sc["reclaimPolicy"]!.GetValue<string>(), sc["volumeBindingMode"]!.GetValue<string>(), sc["parameters"]!["encrypted"]!.GetValue<string>()));
        var pv = JsonNode.Parse((await _kubectl.RunAsync("get", "pv", "pv-data", "-o", "json")).EnsureSuccess().Stdout)!;
        Assert.Equal(("Retain", "Filesystem", "vol-0123456789abcdef0", "Pending"),
            (pv["spec"]!["persistentVolumeReclaimPolicy"]!.GetValue<string>(), pv["spec"]!["volumeMode"]!.GetValue<string>(), pv["spec"]!["csi"]!["volumeHandle"]!.GetValue<string>(), pv["status"]!["phase"]!.GetValue<string>()));
        var pvc = JsonNode.Parse((await _kubectl.RunAsync("get", "pvc", "data", "-n", "storage", "-o", "json")).EnsureSuccess().Stdout)!;
        Assert.Equal(("gp3", "Pending"), (pvc["spec"]!["storageClassName"]!.GetValue<string>(), pvc["status"]!["phase"]!.GetValue<string>()));
        Assert.Equal("ingress.k8s.aws/alb", (await _kubectl.RunAsync("get", "ingressclass", "alb", "-o", "jsonpath={.spec.controller}")).EnsureSuccess().Stdout);
        Assert.Equal("500m", (await _kubectl.RunAsync("get", "limits", "defaults", "-n", "storage", "-o", "jsonpath={.spec.limits[0].default.cpu}")).EnsureSuccess().Stdout);

        // kubectl get prints kube-apiserver's columns for them.
        var scTable = (await _kubectl.RunAsync("get", "sc")).EnsureSuccess().Stdout;
        Assert.Matches(@"NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE", scTable);
        Assert.Matches(@"gp3\s+ebs\.csi\.aws\.com\s+Delete\s+Immediate\s+false\s+\d+s", scTable);
        Assert.Matches(@"pv-data\s+10Gi\s+RWO\s+Retain\s+Pending\s+gp3\s+<unset>\s+\d+s", (await _kubectl.RunAsync("get", "pv")).EnsureSuccess().Stdout);
        Assert.Matches(@"data\s+Pending\s+gp3\s+<unset>\s+\d+s", (await _kubectl.RunAsync("get", "pvc", "-n", "storage")).EnsureSuccess().Stdout);

        // The bootstrap view and edit roles cover the namespaced ones, as on kube-apiserver.
        (await _kubectl.RunAsync("create", "rolebinding", "dana-view", "-n", "storage", "--clusterrole=view", "--user=dana")).EnsureSuccess();
        (await _kubectl.RunAsync("create", "rolebinding", "erin-edit", "-n", "storage", "--clusterrole=edit", "--user=erin")).EnsureSuccess();
        foreach (var resource in new[] { "persistentvolumeclaims", "ingresses.networking.k8s.io", "poddisruptionbudgets.policy", "resourcequotas", "limitranges" })
        {
            Assert.Equal("yes", (await _kubectl.RunAsync("auth", "can-i", "list", resource, "-n", "storage", "--as=dana")).Stdout.Trim());
            Assert.Equal("no", (await _kubectl.RunAsync("auth", "can-i", "create", resource, "-n", "storage", "--as=dana")).Stdout.Trim());
        }
        foreach (var resource in new[] { "persistentvolumeclaims", "ingresses.networking.k8s.io", "poddisruptionbudgets.policy" })
        {
            Assert.Equal("yes", (await _kubectl.RunAsync("auth", "can-i", "create", resource, "-n", "storage", "--as=erin")).Stdout.Trim());
        }
    }

    private static JsonNode? At(JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (var part in path.Split('.'))
        {
            current = current switch
            {
                JsonArray array when int.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                JsonObject obj => obj[part],
                _ => null,
            };
        }
        return current;
    }
}
