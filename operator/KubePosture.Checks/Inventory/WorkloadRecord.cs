using KubePosture.Checks.Model;

namespace KubePosture.Checks.Inventory;

/// <summary>
/// A top-level workload: Deployment, StatefulSet, DaemonSet, CronJob, Job, ReplicationController,
/// ReplicaSet or Pod, whichever is the top owner present in the inventory. Pods owned by it are folded in
/// (<see cref="PodCount"/>, <see cref="Running"/>, <see cref="NodeNames"/>, and their ephemeral containers
/// appended to <see cref="Spec"/>), so a Deployment with 30 replicas is one record and one finding.
/// </summary>
/// <param name="Ref">The workload object.</param>
/// <param name="Labels">metadata.labels of the workload.</param>
/// <param name="Annotations">Only the <c>kubeposture.io/*</c> annotations (exemptions); others are not kept.</param>
/// <param name="PodLabels">Labels of the pod template (or of the pod for bare pods): what selectors match.</param>
/// <param name="Spec">The pod template spec (CronJob: its job template's pod template).</param>
/// <param name="PodCount">Pods of this workload seen in the cluster.</param>
/// <param name="Running">What actually runs, from pod status: one entry per distinct (container, image, imageID).</param>
/// <param name="NodeNames">Distinct nodes the workload's pods run on.</param>
public sealed record WorkloadRecord(
    ResourceRef Ref,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, string> PodLabels,
    PodSpecRecord Spec,
    int PodCount,
    IReadOnlyList<RunningImage> Running,
    IReadOnlyList<string> NodeNames)
{
    public string Namespace => Ref.Namespace ?? "";
}

/// <summary>An image observed running: <c>status.containerStatuses[].image</c> and <c>.imageID</c>.</summary>
public sealed record RunningImage(string ContainerName, string Image, string? ImageId);
