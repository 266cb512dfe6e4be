using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubePosture.Runtime.Client;

/// <summary>
/// Any object read for its metadata alone: the deserializer skips the rest of the JSON without building it (a report
/// object's results, for instance), like the API server's PartialObjectMetadata but with no server support needed.
/// </summary>
public sealed class MetadataOnly : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
