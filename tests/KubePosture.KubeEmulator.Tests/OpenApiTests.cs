using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Tests.Support;

namespace KubePosture.KubeEmulator.Tests;

/// <summary>
/// The OpenAPI documents describe every kind the emulator serves, and every reference in them resolves (kubectl
/// parses the whole document: one dangling $ref fails every command that validates client-side).
/// </summary>
public sealed class OpenApiTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly RawClient _admin;

    public OpenApiTests(EmulatorFixture fixture)
    {
        fixture.Server.Seed(Manifests.WidgetCrd);
        _admin = new RawClient(fixture.Server, fixture.Server.AdminToken);
    }

    public void Dispose() => _admin.Dispose();

    /// <summary>(group, version, kind) of every resource discovery lists, subresources aside.</summary>
    private async Task<List<(string Group, string Version, string Kind)>> ServedKindsAsync()
    {
        var kinds = new List<(string, string, string)>();
        var (_, groups) = await _admin.GetAsync("/apis");
        var lists = new List<(string Group, string Version, string Path)> { ("", "v1", "/api/v1") };
        foreach (var g in groups!["groups"]!.AsArray())
        {
            foreach (var v in g!["versions"]!.AsArray())
                lists.Add((g["name"]!.GetValue<string>(), v!["version"]!.GetValue<string>(), "/apis/" + v["groupVersion"]!.GetValue<string>()));
        }
        foreach (var (group, version, path) in lists)
        {
            var (_, resources) = await _admin.GetAsync(path);
            kinds.AddRange(resources!["resources"]!.AsArray()
                .Where(r => !r!["name"]!.GetValue<string>().Contains('/', StringComparison.Ordinal))
                .Select(r => (group, version, r!["kind"]!.GetValue<string>())));
        }
        return kinds;
    }

    [Fact]
    public async Task Every_served_kind_has_a_schema_in_its_openapi_v3_document_whose_references_resolve()
    {
        var (_, root) = await _admin.GetAsync("/openapi/v3");
        var kinds = await ServedKindsAsync();
        Assert.Contains(kinds, k => k == ("authorization.k8s.io", "v1", "SubjectAccessReview"));
        Assert.Contains(kinds, k => k == ("policy", "v1", "PodDisruptionBudget"));

        foreach (var gv in kinds.GroupBy(k => (k.Group, k.Version)))
        {
            var key = gv.Key.Group.Length == 0 ? "api/v1" : $"apis/{gv.Key.Group}/{gv.Key.Version}";
            var (code, doc) = await _admin.GetAsync(root!["paths"]![key]!["serverRelativeURL"]!.GetValue<string>());
            Assert.Equal(200, code);
            var schemas = doc!["components"]!["schemas"]!.AsObject();
            foreach (var (group, version, kind) in gv)
            {
                Assert.True(schemas.Any(s => Describes(s.Value, group, version, kind)), $"{key}: no schema for {kind}");
            }
            AssertReferencesResolve(doc, "#/components/schemas/", schemas, key);
        }
    }

    [Fact]
    public async Task Openapi_v2_describes_every_served_kind_and_is_served_as_protobuf_for_kubectl()
    {
        var (code, doc) = await _admin.GetAsync("/openapi/v2");
        Assert.Equal(200, code);
        var definitions = doc!["definitions"]!.AsObject();
        foreach (var (group, version, kind) in await ServedKindsAsync())
        {
            Assert.True(definitions.Any(d => Describes(d.Value, group, version, kind)), $"v2: no definition for {group}/{version} {kind}");
        }
        AssertReferencesResolve(doc, "#/definitions/", definitions, "v2");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        using var response = await _admin.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType!.MediaType);
        // openapi_v2.Document: field 1 (swagger, length-delimited) = "2.0".
        Assert.Equal([0x0A, 3, (byte)'2', (byte)'.', (byte)'0'], bytes[..5]);

        var (xml, _) = await _admin.GetAsync("/openapi/v2", accept: "application/xml");
        Assert.Equal(406, xml);
    }

    private static bool Describes(JsonNode? schema, string group, string version, string kind) =>
        (schema?["x-kubernetes-group-version-kind"] as JsonArray ?? []).Any(g =>
            g!["group"]!.GetValue<string>() == group && g["version"]!.GetValue<string>() == version && g["kind"]!.GetValue<string>() == kind);

    private static void AssertReferencesResolve(JsonNode node, string prefix, JsonObject targets, string where)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue r)
                {
                    var target = r.GetValue<string>();
                    Assert.True(target.StartsWith(prefix, StringComparison.Ordinal) && targets.ContainsKey(target[prefix.Length..]), $"{where}: dangling {target}");
                }
                foreach (var (_, child) in o)
                {
                    if (child is not null) AssertReferencesResolve(child, prefix, targets, where);
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null) AssertReferencesResolve(child, prefix, targets, where);
                }
                break;
        }
    }
}
