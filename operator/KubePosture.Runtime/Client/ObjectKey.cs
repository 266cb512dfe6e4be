using k8s;
using k8s.Models;

namespace KubePosture.Runtime.Client;

/// <summary>The identity a controller reconciles by: namespace (null for cluster-scoped) and name.</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj) =>
        new(string.IsNullOrEmpty(obj.Metadata?.NamespaceProperty) ? null : obj.Metadata.NamespaceProperty,
            obj.Metadata?.Name ?? throw new ArgumentException($"{obj.Kind}: metadata.name is missing", nameof(obj)));

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
