using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubePosture.Runtime.Client;

/// <summary>A page of a LIST of any object model (<see cref="MetadataOnly"/>, a custom resource, ...).</summary>
public sealed class KubeList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
