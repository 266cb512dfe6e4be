using k8s;

namespace KubePosture.Runtime.Status;

/// <summary>Deep copies through the wire format, so mutations never touch an informer cache's shared object.</summary>
public static class ObjectCloner
{
    public static T Clone<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj!))!;
}
