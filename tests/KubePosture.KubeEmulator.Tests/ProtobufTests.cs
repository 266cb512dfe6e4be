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

    public ProtobufTests(EmulatorFixture fixture) => _server = fixture.Server;

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
    public async Task Protobuf_of_a_kind_without_a_vendored_schema_is_refused_with_415()
    {
        var (code, body) = await PostProtobufAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "apiextensions.k8s.io/v1", "CustomResourceDefinition", Msg(Field(1, Msg(Str(1, "x.example.com")))));

        Assert.Equal(415, code);
        Assert.Contains("apiextensions.k8s.io/v1 CustomResourceDefinition", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
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
