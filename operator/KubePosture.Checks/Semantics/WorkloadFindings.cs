using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.PodSecurity;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// Builds findings about a workload: attached to the workload's top owner (<see cref="WorkloadRecord.Ref"/>), with the
/// Pod Security Standards level it meets in Details["podSecurityLevel"] (at the version its namespace enforces, named in
/// Details["podSecurityVersion"] when the namespace pins one) and, for container findings, the container, its kind and
/// the field.
/// </summary>
public static class WorkloadFindings
{
    public const string PodSecurityLevelKey = "podSecurityLevel";
    public const string PodSecurityVersionKey = "podSecurityVersion";

    /// <summary>A finding about one container; the message follows "Kind name: container \"c\"".</summary>
    public static Finding ForContainer(
        ClusterInventory inventory,
        CheckDescriptor descriptor,
        WorkloadRecord workload,
        ContainerRecord container,
        string field,
        FindingMessageHandler message,
        IReadOnlyDictionary<string, string>? extra = null,
        Severity? severity = null)
        => ForContainer(inventory, descriptor, workload, container, field, message.ToMessage(), extra, severity);

    /// <inheritdoc cref="ForContainer(ClusterInventory, CheckDescriptor, WorkloadRecord, ContainerRecord, string, FindingMessageHandler, IReadOnlyDictionary{string, string}?, Severity?)"/>
    public static Finding ForContainer(
        ClusterInventory inventory,
        CheckDescriptor descriptor,
        WorkloadRecord workload,
        ContainerRecord container,
        string field,
        FindingMessage message,
        IReadOnlyDictionary<string, string>? extra = null,
        Severity? severity = null)
    {
        var details = Base(inventory, workload, 3 + (extra?.Count ?? 0));
        details.Set("container", container.Name);
        details.Set("containerKind", ContainerView.KindName(container.Kind));
        details.Set("field", ContainerView.FieldPath(workload.Ref.Kind, container, field));
        details.SetAll(extra);

        return new Finding(descriptor.Id, severity ?? descriptor.DefaultSeverity, workload.Ref,
            $"{workload.Ref.Kind} {workload.Ref.Name}: {ContainerView.Describe(container)} {message}", details.Build());
    }

    /// <summary>A finding about the pod spec as a whole; the message follows "Kind name: ".</summary>
    public static Finding ForPod(
        ClusterInventory inventory,
        CheckDescriptor descriptor,
        WorkloadRecord workload,
        string field,
        FindingMessageHandler message,
        IReadOnlyDictionary<string, string>? extra = null,
        Severity? severity = null)
        => ForPod(inventory, descriptor, workload, field, message.ToMessage(), extra, severity);

    /// <inheritdoc cref="ForPod(ClusterInventory, CheckDescriptor, WorkloadRecord, string, FindingMessageHandler, IReadOnlyDictionary{string, string}?, Severity?)"/>
    public static Finding ForPod(
        ClusterInventory inventory,
        CheckDescriptor descriptor,
        WorkloadRecord workload,
        string field,
        FindingMessage message,
        IReadOnlyDictionary<string, string>? extra = null,
        Severity? severity = null)
    {
        var details = Base(inventory, workload, 1 + (extra?.Count ?? 0));
        details.Set("field", ContainerView.PodFieldPath(workload.Ref.Kind, field));
        details.SetAll(extra);

        return new Finding(descriptor.Id, severity ?? descriptor.DefaultSeverity, workload.Ref,
            $"{workload.Ref.Kind} {workload.Ref.Name}: {message}", details.Build());
    }

    /// <summary>The Pod Security Standards level of the workload's spec at its namespace's enforce version, as the enforce label spells it.</summary>
    public static string LevelOf(ClusterInventory inventory, WorkloadRecord workload) =>
        PodSecurityStandards.LabelValue(WorkloadPodSecurity.Level(inventory, workload));

    /// <summary>Details sized for what the finding carries, written straight into their compact form.</summary>
    private static FindingDetailsDictionary.Builder Base(ClusterInventory inventory, WorkloadRecord workload, int more)
    {
        var version = WorkloadPodSecurity.VersionOf(inventory, workload);
        var pinned = !version.IsLatest;
        var details = new FindingDetailsDictionary.Builder(1 + more + (pinned ? 1 : 0));
        details.Set(PodSecurityLevelKey, PodSecurityStandards.LabelValue(WorkloadPodSecurity.LevelAt(workload.Spec, version)));
        if (pinned)
            details.Set(PodSecurityVersionKey, version.ToString());
        return details;
    }
}
