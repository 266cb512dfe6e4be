using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>How a container and its fields are named in messages: kind, name and the manifest path of its list.</summary>
public static class ContainerView
{
    /// <summary>"container \"app\"", "init container \"setup\"", "ephemeral container \"debug\"".</summary>
    public static string Describe(ContainerRecord container) => Describe(container.Kind, container.Name);

    public static string Describe(ContainerKind kind, string name) => kind switch
    {
        ContainerKind.Init => $"init container \"{name}\"",
        ContainerKind.Ephemeral => $"ephemeral container \"{name}\"",
        _ => $"container \"{name}\"",
    };

    /// <summary>The pod spec field holding the container: containers, initContainers or ephemeralContainers.</summary>
    public static string ListField(ContainerKind kind) => kind switch
    {
        ContainerKind.Init => "initContainers",
        ContainerKind.Ephemeral => "ephemeralContainers",
        _ => "containers",
    };

    /// <summary>Where the pod spec sits in a workload of this kind (CronJob: inside its job template).</summary>
    public static string PodSpecPath(string workloadKind) => workloadKind switch
    {
        "Pod" => "spec",
        "CronJob" => "spec.jobTemplate.spec.template.spec",
        _ => "spec.template.spec",
    };

    /// <summary>Manifest path of a container field: <c>spec.template.spec.initContainers[name=setup].securityContext.privileged</c>.</summary>
    public static string FieldPath(string workloadKind, ContainerRecord container, string field) =>
        FieldPath(workloadKind, container.Kind, container.Name, field);

    public static string FieldPath(string workloadKind, ContainerKind kind, string containerName, string field) =>
        $"{PodSpecPath(workloadKind)}.{ListField(kind)}[name={containerName}].{field}";

    /// <summary>Manifest path of a pod-level field: <c>spec.template.spec.hostNetwork</c>.</summary>
    public static string PodFieldPath(string workloadKind, string field) => $"{PodSpecPath(workloadKind)}.{field}";

    public static string KindName(ContainerKind kind) => kind switch
    {
        ContainerKind.Init => "init",
        ContainerKind.Ephemeral => "ephemeral",
        _ => "container",
    };
}
