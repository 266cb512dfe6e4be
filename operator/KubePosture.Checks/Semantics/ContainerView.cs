using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// How a container and its fields are named in messages: kind, name and the manifest path of its list. Names and paths
/// are few (kinds x container names x fields) and repeated in thousands of findings: one string each, bounded by the
/// catalog's fields and the cluster's container names.
/// </summary>
public static class ContainerView
{
    /// <summary>"container \"app\"", "init container \"setup\"", "ephemeral container \"debug\"".</summary>
    public static string Describe(ContainerRecord container) => Describe(container.Kind, container.Name);

    public static string Describe(ContainerKind kind, string name) => Descriptions[(kind, name)];

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
        FieldPaths[(workloadKind, container.Kind, container.Name, field)];

    /// <summary>Manifest path of a pod-level field: <c>spec.template.spec.hostNetwork</c>.</summary>
    public static string PodFieldPath(string workloadKind, string field) => PodFieldPaths[(workloadKind, field)];

    public static string KindName(ContainerKind kind) => kind switch
    {
        ContainerKind.Init => "init",
        ContainerKind.Ephemeral => "ephemeral",
        _ => "container",
    };

    private static readonly BoundedMemo<(ContainerKind Kind, string Name), string> Descriptions = new(k => k.Kind switch
    {
        ContainerKind.Init => $"init container \"{k.Name}\"",
        ContainerKind.Ephemeral => $"ephemeral container \"{k.Name}\"",
        _ => $"container \"{k.Name}\"",
    }, 65536);

    private static readonly BoundedMemo<(string WorkloadKind, ContainerKind Kind, string Container, string Field), string> FieldPaths =
        new(k => $"{PodSpecPath(k.WorkloadKind)}.{ListField(k.Kind)}[name={k.Container}].{k.Field}", 65536);

    private static readonly BoundedMemo<(string WorkloadKind, string Field), string> PodFieldPaths =
        new(k => $"{PodSpecPath(k.WorkloadKind)}.{k.Field}", 65536);
}
