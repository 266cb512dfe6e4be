using k8s;

namespace KubePosture.Operator.Configuration;

/// <summary>Where the operator's Kubernetes credentials come from: --kubeconfig, the pod's service account, or $KUBECONFIG / ~/.kube/config.</summary>
public static class KubeConfigLoader
{
    public static KubernetesClientConfiguration Load(OperatorOptions options)
    {
        if (options.Kubeconfig is { } path)
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var fromEnv = Environment.GetEnvironmentVariable("KUBECONFIG");
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        var file = !string.IsNullOrEmpty(fromEnv) ? fromEnv.Split(Path.PathSeparator)[0] : home;
        if (!File.Exists(file))
        {
            throw new InvalidOperationException(
                $"no Kubernetes configuration: not inside a pod and kubeconfig \"{file}\" does not exist; pass --kubeconfig, set KUBECONFIG, or run in-cluster");
        }

        return KubernetesClientConfiguration.BuildConfigFromConfigFile(file, options.Context);
    }
}
