using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Tests.Support;

namespace KubePosture.KubeEmulator.Tests;

/// <summary>
/// Protobuf request bodies built by hand here, with the field numbers of k8s.io/api core/v1 and apimachinery
/// generated.proto written out below (independent of the emulator's parsing of its vendored copy): the JSON the
/// emulator stores follows Go's encoding of the same struct.
/// </summary>
public sealed class ProtobufTests : IClassFixture<EmulatorFixture>
{
    private readonly KubeEmulatorServer _server;

    public ProtobufTests(EmulatorFixture fixture)
    {
        _server = fixture.Server;
        _server.Seed(Manifests.WidgetCrd);
    }

    [Fact]
    public async Task Pod_keeps_explicit_false_of_pointer_fields_drops_zero_plain_fields_and_inlines_the_volume_source()
    {
        // ObjectMeta: name=1, labels=11 (map entry key=1 value=2).
        var meta = Msg(Str(1, "web"), Field(11, Msg(Str(1, "app"), Str(2, "web"))));
        // Container: name=1, image=2, ports=6 (ContainerPort: hostPort=2, containerPort=3).
        var container = Msg(Str(1, "app"), Str(2, "nginx:1.27"), Field(6, Msg(Varint(2, 0), Varint(3, 8080))));
        // Volume: name=1, volumeSource=2 (embedded in Go: inline in JSON) → VolumeSource.emptyDir=2 → sizeLimit=2 (Quantity: string=1).
        var volume = Msg(Str(1, "scratch"), Field(2, Msg(Field(2, Msg(Field(2, Msg(Str(1, "1Gi"))))))));
        // PodSpec: volumes=1, containers=2, hostNetwork=11 (bool), securityContext=14 (runAsNonRoot=3, *bool),
        // automountServiceAccountToken=21 (*bool), restartPolicy=3 (string, empty).
        var spec = Msg(Field(1, volume), Field(2, container), Varint(11, 0), Field(14, Msg(Varint(3, 0))), Varint(21, 0), Str(3, ""));
        var pod = Msg(Field(1, meta), Field(2, spec));

        var (code, body) = await PostProtobufAsync("/api/v1/namespaces/default/pods", "v1", "Pod", pod);

        Assert.True(code == 201, body?.ToJsonString());
        var s = body!["spec"]!;
        Assert.Equal("web", body["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.False(s["automountServiceAccountToken"]!.GetValue<bool>());
        Assert.False(s["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.Null(s["hostNetwork"]);
        Assert.Equal("Always", s["restartPolicy"]!.GetValue<string>()); // "" is unset, so the server defaults it
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"scratch","emptyDir":{"sizeLimit":"1Gi"}}"""), s["volumes"]![0]), s["volumes"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"containerPort":8080,"protocol":"TCP"}"""), s["containers"]![0]!["ports"]![0]), s["containers"]!.ToJsonString());
    }

    [Fact]
    public async Task Crd_schema_fields_get_their_json_names_and_one_of_forms()
    {
        // JSONSchemaProps: type=5, properties=29 (map), additionalProperties=30 (JSONSchemaPropsOrBool: allows=1,
        // schema=2), xKubernetesPreserveUnknownFields=38 (JSON name x-kubernetes-preserve-unknown-fields).
        var stringSchema = Msg(Str(5, "string"));
        var spec = Msg(Str(5, "object"), Field(30, Msg(Field(2, stringSchema))));
        var openApi = Msg(Str(5, "object"), Field(29, Msg(Str(1, "spec"), Field(2, spec))), Field(29, Msg(Str(1, "status"), Field(2, Msg(Str(5, "object"), Varint(38, 1))))));
        // CustomResourceDefinitionSpec: group=1, names=3 (plural=1, singular=2, kind=4), scope=4, versions=7
        // (name=1, served=2, storage=3, schema=4 → CustomResourceValidation.openAPIV3Schema=1).
        var crdSpec = Msg(Str(1, "example.org"), Field(3, Msg(Str(1, "gizmos"), Str(2, "gizmo"), Str(4, "Gizmo"))), Str(4, "Namespaced"),
            Field(7, Msg(Str(1, "v1"), Varint(2, 1), Varint(3, 1), Field(4, Msg(Field(1, openApi))))));
        var crd = Msg(Field(1, Msg(Str(1, "gizmos.example.org"))), Field(2, crdSpec));

        var (code, body) = await PostProtobufAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "apiextensions.k8s.io/v1", "CustomResourceDefinition", crd);

        Assert.True(code == 201, body?.ToJsonString());
        var schema = body!["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","additionalProperties":{"type":"string"}},
             "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}
            """), schema), schema.ToJsonString());
    }

    [Fact]
    public async Task Protobuf_of_a_custom_resource_is_refused_with_415()
    {
        var (code, body) = await PostProtobufAsync("/apis/example.com/v1/namespaces/default/widgets", "example.com/v1", "Widget", Msg(Field(1, Msg(Str(1, "w")))));

        Assert.Equal(415, code);
        Assert.Contains("example.com/v1 Widget", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_protobuf_is_a_400()
    {
        var pod = Msg(Field(1, Msg(Str(1, "web"))));
        var (code, body) = await PostProtobufAsync("/api/v1/namespaces/default/pods", "v1", "Pod", pod[..^2]);

        Assert.Equal(400, code);
        Assert.Contains("truncated", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>"k8s\0" + runtime.Unknown{typeMeta=1{apiVersion=1, kind=2}, raw=2}.</summary>
    private async Task<(int Code, JsonNode? Body)> PostProtobufAsync(string path, string apiVersion, string kind, byte[] raw)
    {
        using var client = new RawClient(_server, _server.AdminToken);
        var envelope = Msg(Field(1, Msg(Str(1, apiVersion), Str(2, kind))), Field(2, raw));
        using var content = new ByteArrayContent([.. "k8s\0"u8, .. envelope]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.kubernetes.protobuf,application/json");
        using var response = await client.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static byte[] Msg(params byte[][] fields) => [.. fields.SelectMany(f => f)];

    private static byte[] Str(int field, string value) => Field(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Field(int field, byte[] bytes) => [.. VarintBytes((ulong)(field << 3 | 2)), .. VarintBytes((ulong)bytes.Length), .. bytes];

    private static byte[] Varint(int field, ulong value) => [.. VarintBytes((ulong)(field << 3)), .. VarintBytes(value)];

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }
}
