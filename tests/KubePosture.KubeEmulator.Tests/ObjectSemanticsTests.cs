using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Tests.Support;

namespace KubePosture.KubeEmulator.Tests;

/// <summary>Object semantics: finalizers, namespace cascade, garbage collection, CRD schemas, tables and discovery.</summary>
public sealed class ObjectSemanticsTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly KubeEmulatorServer _server;
    private readonly RawClient _admin;

    public ObjectSemanticsTests(EmulatorFixture fixture)
    {
        _server = fixture.Server;
        _admin = new RawClient(_server, _server.AdminToken);
    }

    public void Dispose() => _admin.Dispose();

    private async Task<JsonNode> CreateAsync(string path, string json)
    {
        var (code, body) = await _admin.PostAsync(path, json);
        Assert.True(code == 201, $"create at {path} answered {code}: {body}");
        return body!;
    }

    private Task NamespaceAsync(string ns) => CreateAsync("/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""");

    private async Task WidgetCrdAsync()
    {
        if ((await _admin.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com")).Code == 200) return;
        _server.Seed(Manifests.WidgetCrd);
    }

    [Fact]
    public async Task Namespace_deletion_cascades_and_waits_for_finalizers_of_its_content()
    {
        await NamespaceAsync("doomed");
        await CreateAsync("/api/v1/namespaces/doomed/configmaps", """{"metadata":{"name":"held","finalizers":["example.com/hold"]}}""");
        await CreateAsync("/api/v1/namespaces/doomed/configmaps", """{"metadata":{"name":"free"}}""");

        var (deleteCode, deleting) = await _admin.DeleteAsync("/api/v1/namespaces/doomed");
        Assert.Equal(200, deleteCode);
        Assert.Equal("Terminating", deleting!["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(404, (await _admin.GetAsync("/api/v1/namespaces/doomed/configmaps/free")).Code);
        var (_, held) = await _admin.GetAsync("/api/v1/namespaces/doomed/configmaps/held");
        Assert.NotNull(held!["metadata"]!["deletionTimestamp"]);

        var (createCode, refused) = await _admin.PostAsync("/api/v1/namespaces/doomed/configmaps", """{"metadata":{"name":"late"}}""");
        Assert.Equal(403, createCode);
        Assert.Equal("configmaps \"late\" is forbidden: unable to create new content in namespace doomed because it is being terminated", refused!["message"]!.GetValue<string>());

        Assert.Equal(200, (await _admin.PatchAsync("/api/v1/namespaces/doomed/configmaps/held", """{"metadata":{"finalizers":null}}""")).Code);
        Assert.Equal(404, (await _admin.GetAsync("/api/v1/namespaces/doomed/configmaps/held")).Code);
        Assert.Equal(404, (await _admin.GetAsync("/api/v1/namespaces/doomed")).Code);
        Assert.Equal(404, (await _admin.PostAsync("/api/v1/namespaces/doomed/configmaps", """{"metadata":{"name":"x"}}""")).Code);
    }

    [Fact]
    public async Task Owner_reference_garbage_collection_follows_the_propagation_policy()
    {
        await NamespaceAsync("gc");
        async Task<string> Owner(string name) => (await CreateAsync("/api/v1/namespaces/gc/configmaps", $$$"""{"metadata":{"name":"{{{name}}}"}}"""))["metadata"]!["uid"]!.GetValue<string>();
        Task Dependent(string name, params (string Name, string Uid)[] owners) => CreateAsync("/api/v1/namespaces/gc/configmaps",
            new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["ownerReferences"] = new JsonArray(owners.Select(o => (JsonNode?)new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = o.Name, ["uid"] = o.Uid }).ToArray()),
                },
            }.ToJsonString());

        var a = await Owner("a");
        await Dependent("a-child", ("a", a));
        await Dependent("a-grandchild-holder", ("a", a));
        var b = await Owner("b");
        await Dependent("shared", ("a", a), ("b", b));
        Assert.Equal(200, (await _admin.DeleteAsync("/api/v1/namespaces/gc/configmaps/a")).Code);
        Assert.Equal(404, (await _admin.GetAsync("/api/v1/namespaces/gc/configmaps/a-child")).Code);
        var (_, shared) = await _admin.GetAsync("/api/v1/namespaces/gc/configmaps/shared");
        Assert.Equal(b, shared!["metadata"]!["ownerReferences"]!.AsArray().Single()!["uid"]!.GetValue<string>());

        var c = await Owner("c");
        await Dependent("c-child", ("c", c));
        Assert.Equal(200, (await _admin.DeleteAsync("/api/v1/namespaces/gc/configmaps/c", """{"propagationPolicy":"Orphan"}""")).Code);
        var (orphanCode, orphan) = await _admin.GetAsync("/api/v1/namespaces/gc/configmaps/c-child");
        Assert.Equal(200, orphanCode);
        Assert.Null(orphan!["metadata"]!["ownerReferences"]);

        var d = await Owner("d");
        await Dependent("d-child", ("d", d));
        Assert.Equal(200, (await _admin.DeleteAsync("/api/v1/namespaces/gc/configmaps/d?propagationPolicy=Foreground")).Code);
        Assert.Equal(404, (await _admin.GetAsync("/api/v1/namespaces/gc/configmaps/d-child")).Code);
    }

    [Fact]
    public async Task Custom_resources_are_pruned_defaulted_and_validated_with_field_paths()
    {
        await WidgetCrdAsync();
        await NamespaceAsync("schema");
        var (code, created) = await _admin.PostAsync("/apis/example.com/v1/namespaces/schema/widgets",
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","bogus":1},"spec":{"size":2,"extra":"x","free":{"any":{"thing":1}},"labels":{"a":"b"}},"status":{"conditions":[]},"top":1}""");
        Assert.Equal(201, code);
        var spec = created!["spec"]!.AsObject();
        Assert.Equal("red", spec["color"]!.GetValue<string>());
        Assert.False(spec.ContainsKey("extra"));
        Assert.Equal(1, spec["free"]!["any"]!["thing"]!.GetValue<int>());
        Assert.Null(created["status"]);
        Assert.Null(created["top"]);
        Assert.Null(created["metadata"]!["bogus"]);

        var (strictCode, strict) = await _admin.SendAsync(HttpMethod.Post, "/apis/example.com/v1/namespaces/schema/widgets?fieldValidation=Strict",
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"s"},"spec":{"size":2,"extra":"x","labels":{"a":"b"}}}""");
        Assert.Equal(400, strictCode);
        Assert.Equal("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.extra\"", strict!["message"]!.GetValue<string>());

        var (invalidCode, invalid) = await _admin.PostAsync("/apis/example.com/v1/namespaces/schema/widgets",
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"bad"},"spec":{"size":"big","owner":"Bob","tags":["a","b","c","d"],"expires":"tomorrow","labels":{"n":1}}}""");
        Assert.Equal(422, invalidCode);
        var message = invalid!["message"]!.GetValue<string>();
        Assert.StartsWith("Widget.example.com \"bad\" is invalid: [", message, StringComparison.Ordinal);
        Assert.Contains("spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"", message, StringComparison.Ordinal);
        Assert.Contains("spec.owner: Invalid value: \"Bob\": spec.owner in body should match '^[a-z]+$'", message, StringComparison.Ordinal);
        Assert.Contains("spec.tags: Too many: 4: must have at most 3 items", message, StringComparison.Ordinal);
        Assert.Contains("spec.expires: Invalid value: \"tomorrow\": spec.expires in body must be of type date-time: \"tomorrow\"", message, StringComparison.Ordinal);
        Assert.Contains("spec.labels.n: Invalid value: \"integer\": spec.labels.n in body must be of type string: \"integer\"", message, StringComparison.Ordinal);
        var causes = invalid["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["spec.size", "spec.owner", "spec.tags", "spec.expires", "spec.labels.n"], causes);

        var (missingCode, missing) = await _admin.PostAsync("/apis/example.com/v1/namespaces/schema/widgets", """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"m"},"spec":{}}""");
        Assert.Equal(422, missingCode);
        Assert.Equal("Widget.example.com \"m\" is invalid: spec.size: Required value", missing!["message"]!.GetValue<string>());

        // Custom resources may not be updated without a resourceVersion.
        created["metadata"]!.AsObject().Remove("resourceVersion");
        var (unconditionalCode, unconditional) = await _admin.PutAsync("/apis/example.com/v1/namespaces/schema/widgets/w", created.ToJsonString());
        Assert.Equal(422, unconditionalCode);
        Assert.Contains("metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", unconditional!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var (smpCode, _) = await _admin.PatchAsync("/apis/example.com/v1/namespaces/schema/widgets/w", """{"spec":{"size":3}}""", "application/strategic-merge-patch+json");
        Assert.Equal(415, smpCode);
        var (applyCode, applied) = await _admin.PatchAsync("/apis/example.com/v1/namespaces/schema/widgets/applied?fieldManager=tester",
            "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: applied\nspec:\n  size: 4\n", "application/apply-patch+yaml");
        Assert.Equal(201, applyCode);
        Assert.Equal("tester", applied!["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tables_carry_crd_printer_columns_and_discovery_follows_crds()
    {
        await WidgetCrdAsync();
        await NamespaceAsync("tables");
        await CreateAsync("/apis/example.com/v1/namespaces/tables/widgets", """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"t"},"spec":{"size":6}}""");
        var (_, table) = await _admin.GetAsync("/apis/example.com/v1/namespaces/tables/widgets", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        Assert.Equal("Table", table!["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "Size", "Ready", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("t", cells[0]!.GetValue<string>());
        Assert.Equal(6, cells[1]!.GetValue<long>());
        Assert.Null(cells[2]);
        Assert.Equal("PartialObjectMetadata", table["rows"]![0]!["object"]!["kind"]!.GetValue<string>());

        var (_, groups) = await _admin.GetAsync("/apis");
        Assert.Contains("example.com", groups!["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()));
        var (_, resources) = await _admin.GetAsync("/apis/example.com/v1");
        var widget = resources!["resources"]!.AsArray().First(r => r!["name"]!.GetValue<string>() == "widgets")!;
        Assert.Equal("Widget", widget["kind"]!.GetValue<string>());
        Assert.True(widget["namespaced"]!.GetValue<bool>());
        Assert.Equal(["wd"], widget["shortNames"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Contains("widgets/status", resources["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        var (_, v3) = await _admin.GetAsync("/openapi/v3");
        var url = v3!["paths"]!["apis/example.com/v1"]!["serverRelativeURL"]!.GetValue<string>();
        var (_, doc) = await _admin.GetAsync(url);
        Assert.NotNull(doc!["components"]!["schemas"]!["com.example.v1.Widget"]);
    }

    [Fact]
    public async Task Deleting_a_crd_removes_its_custom_resources_and_its_api()
    {
        await NamespaceAsync("crd-gone");
        _server.Seed("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: gadgets.example.org}
            spec:
              group: example.org
              scope: Cluster
              names: {plural: gadgets, singular: gadget, kind: Gadget}
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """);
        await CreateAsync("/apis/example.org/v1/gadgets", """{"apiVersion":"example.org/v1","kind":"Gadget","metadata":{"name":"g"},"anything":{"goes":true}}""");
        var (_, crd) = await _admin.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.org");
        Assert.Equal("True", crd!["status"]!["conditions"]!.AsArray().First(c => c!["type"]!.GetValue<string>() == "Established")!["status"]!.GetValue<string>());

        Assert.Equal(200, (await _admin.DeleteAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.org")).Code);
        Assert.Equal(404, (await _admin.GetAsync("/apis/example.org/v1/gadgets")).Code);
        Assert.Equal(404, (await _admin.GetAsync("/apis/example.org/v1")).Code);
    }
}
